// The project runs on Node 24 LTS, pinned as the npm package `node@24` (node_modules/.bin/node),
// which npm puts first on the PATH of every `npm run`/`npm test` script. Running a script with
// another Node (e.g. the system's Node 20, end of life) fails here with the way out, rather than
// later with an obscure syntax or engine error.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `This project needs Node 24 LTS; this is Node ${process.versions.node}.\n` +
      'Run it through npm (npm test, npm start, npm run …), which uses the Node 24 that `npm ci` installs ' +
      'into node_modules/.bin, or put node_modules/.bin first on your PATH.',
  );
  process.exit(1);
}

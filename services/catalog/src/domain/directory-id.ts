// The rule lives in the contracts (clients, tests and the `npm run directory-id` CLI derive the same
// ids); the catalog's code imports it from here, beside the rest of its domain.
export { DIRECTORY_ID_NAMESPACE, type DirectoryName, directoryId } from '@pk/contracts';

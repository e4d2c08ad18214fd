export { serverEndpoints, type ServerEndpoints } from './endpoints';
export { uniqueName } from './unique-name';

export { actorOf, ALL_REGIONS, isFederal, isRole, ROLES, type Principal, type Role } from './principal';
export { assertWithinScope, isWithinScope, type ResourceScope, type Scope } from './scope';
export { ensureDevelopmentKeys, loadPublicKey, type DevelopmentKeyFiles } from './keys';
export {
  issueToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  TokenRejectedError,
  verifyToken,
  type IssueOptions,
} from './token';
export {
  Allow,
  Caller,
  CurrentPrincipal,
  Public,
  type AccessRule,
  type AuthenticatedRequest,
} from './access';
export { targetFromRequest } from './auth.guard';
export { AuthModule, type AuthModuleOptions } from './auth.module';

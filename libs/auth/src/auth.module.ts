import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, VERIFICATION_KEY } from './auth.guard';
import { loadPublicKey, verificationKey } from './keys';

export interface AuthModuleOptions {
  /** Verification key as PEM (SPKI); by default AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE. */
  readonly publicKey?: string;
}

/** Import once in a service's root module: every route of the service then passes the guard. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions = {}): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: VERIFICATION_KEY,
          useFactory: () => verificationKey(options.publicKey ?? loadPublicKey()),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}

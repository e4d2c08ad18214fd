import { federalRoleRefusedEverywhere } from '@pk/test-kit';
import { service } from '../service';

// the federal role reads monitoring's totals only: vouchers refuses it on every route (libs/auth README)
federalRoleRefusedEverywhere('vouchers', service);

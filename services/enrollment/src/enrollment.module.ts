import { Module } from '@nestjs/common';
import { GroupController } from './api/group.controller';
import { EnrollmentReactions } from './api/reactions.controller';
import { GroupCommands } from './application/group.commands';

/**
 * The enrollment context (issue 19): applications to offerings' groups, the voucher route as a
 * process with vouchers, the school's approval, group formation and the waitlist.
 */
@Module({
  controllers: [GroupController, EnrollmentReactions],
  providers: [GroupCommands],
})
export class EnrollmentModule {}

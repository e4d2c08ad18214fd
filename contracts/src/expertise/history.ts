import assignmentWithdrawnV1 from '../../schemas/expertise/AssignmentWithdrawn.v1.schema.json';
import expertAssignedV1 from '../../schemas/expertise/ExpertAssigned.v1.schema.json';
import expertDeactivatedV1 from '../../schemas/expertise/ExpertDeactivated.v1.schema.json';
import expertReactivatedV1 from '../../schemas/expertise/ExpertReactivated.v1.schema.json';
import expertRegisteredV1 from '../../schemas/expertise/ExpertRegistered.v1.schema.json';
import reviewCaseOpenedV1 from '../../schemas/expertise/ReviewCaseOpened.v1.schema.json';
import reviewDecidedV1 from '../../schemas/expertise/ReviewDecided.v1.schema.json';
import reviewSettingsChangedV1 from '../../schemas/expertise/ReviewSettingsChanged.v1.schema.json';
import reviewUnderstaffedV1 from '../../schemas/expertise/ReviewUnderstaffed.v1.schema.json';
import scorecardSubmittedV1 from '../../schemas/expertise/ScorecardSubmitted.v1.schema.json';
import type { EventHistory } from '../event-history';
import type { ExpertiseEvent } from './events';

export const EXPERTISE_EVENTS = {
  'expertise.ExpertRegistered': { superseded: [], current: expertRegisteredV1 },
  'expertise.ExpertDeactivated': { superseded: [], current: expertDeactivatedV1 },
  'expertise.ExpertReactivated': { superseded: [], current: expertReactivatedV1 },
  'expertise.ReviewSettingsChanged': { superseded: [], current: reviewSettingsChangedV1 },
  'expertise.ReviewCaseOpened': { superseded: [], current: reviewCaseOpenedV1 },
  'expertise.ExpertAssigned': { superseded: [], current: expertAssignedV1 },
  'expertise.AssignmentWithdrawn': { superseded: [], current: assignmentWithdrawnV1 },
  'expertise.ReviewUnderstaffed': { superseded: [], current: reviewUnderstaffedV1 },
  'expertise.ScorecardSubmitted': { superseded: [], current: scorecardSubmittedV1 },
  'expertise.ReviewDecided': { superseded: [], current: reviewDecidedV1 },
} satisfies Record<ExpertiseEvent['type'], EventHistory>;

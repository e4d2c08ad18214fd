import attemptScoredV1 from '../../schemas/diagnostics/AttemptScored.v1.schema.json';
import campaignClosedV1 from '../../schemas/diagnostics/CampaignClosed.v1.schema.json';
import campaignOpenedV1 from '../../schemas/diagnostics/CampaignOpened.v1.schema.json';
import deficitFoundV1 from '../../schemas/diagnostics/DeficitFound.v1.schema.json';
import deficitResolvedV1 from '../../schemas/diagnostics/DeficitResolved.v1.schema.json';
import externalResultRecordedV1 from '../../schemas/diagnostics/ExternalResultRecorded.v1.schema.json';
import teacherErasedV1 from '../../schemas/diagnostics/TeacherErased.v1.schema.json';
import teacherRegisteredV1 from '../../schemas/diagnostics/TeacherRegistered.v1.schema.json';
import teacherUpdatedV1 from '../../schemas/diagnostics/TeacherUpdated.v1.schema.json';
import trajectoryAcceptedV1 from '../../schemas/diagnostics/TrajectoryAccepted.v1.schema.json';
import trajectoryProgressedV1 from '../../schemas/diagnostics/TrajectoryProgressed.v1.schema.json';
import trajectoryProposedV1 from '../../schemas/diagnostics/TrajectoryProposed.v1.schema.json';
import type { EventHistory } from '../event-history';
import type { DiagnosticsEvent } from './events';

export const DIAGNOSTICS_EVENTS = {
  'diagnostics.TeacherRegistered': { superseded: [], current: teacherRegisteredV1 },
  'diagnostics.TeacherUpdated': { superseded: [], current: teacherUpdatedV1 },
  'diagnostics.TeacherErased': { superseded: [], current: teacherErasedV1 },
  'diagnostics.CampaignOpened': { superseded: [], current: campaignOpenedV1 },
  'diagnostics.CampaignClosed': { superseded: [], current: campaignClosedV1 },
  'diagnostics.AttemptScored': { superseded: [], current: attemptScoredV1 },
  'diagnostics.ExternalResultRecorded': { superseded: [], current: externalResultRecordedV1 },
  'diagnostics.DeficitFound': { superseded: [], current: deficitFoundV1 },
  'diagnostics.DeficitResolved': { superseded: [], current: deficitResolvedV1 },
  'diagnostics.TrajectoryProposed': { superseded: [], current: trajectoryProposedV1 },
  'diagnostics.TrajectoryAccepted': { superseded: [], current: trajectoryAcceptedV1 },
  'diagnostics.TrajectoryProgressed': { superseded: [], current: trajectoryProgressedV1 },
} satisfies Record<DiagnosticsEvent['type'], EventHistory>;

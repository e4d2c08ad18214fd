import type { CourseCompleted } from '@pk/contracts';
import { issue, type Reaction } from '@pk/kernel';
import { schoolYearOf, trajectory } from '../domain/trajectory.decider';

/**
 * A teacher completed a course of the register (enrollment's CourseCompleted): the trajectory of the
 * school year it was completed in marks that program's item completed. The trajectory decides
 * whether it has such an item; a completion never closes a deficit — a later diagnostic does.
 */
export const recordCourseCompletion: Reaction<CourseCompleted> = {
  name: 'record-course-completion',
  events: ['enrollment.CourseCompleted'],
  react(event) {
    const { teacherId, programId, completedOn } = event.data;
    const year = schoolYearOf(completedOn);
    const command = { type: 'RecordCompletion', teacherId, year, programId, completedOn } as const;
    return [issue(trajectory, [teacherId, year], command)];
  },
};

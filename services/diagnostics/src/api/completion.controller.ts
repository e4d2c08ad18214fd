import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CourseCompleted } from '@pk/contracts';
import { ReactionRunner } from '@pk/kernel';
import { recordCourseCompletion } from '../application/completion.reaction';

/** Other services' events the trajectories react to: a completed course marks its item. */
@Controller()
export class CompletionReactions {
  constructor(private readonly reactions: ReactionRunner) {}

  @EventPattern('enrollment.CourseCompleted')
  onCourseCompleted(@Payload() event: CourseCompleted) {
    return this.reactions.run(recordCourseCompletion, event);
  }
}

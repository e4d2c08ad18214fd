import { Injectable } from '@nestjs/common';
import type { ExpertiseEvent } from '@pk/contracts';
import { InjectReadModel, type ReadModel } from '@pk/service-runtime';
import { reviewBoard } from './review-board.projection';
import {
  type AssignmentDocument,
  type BoardDocuments,
  type CaseDocument,
  type ExpertDocument,
  ReviewBoardQueries,
} from './review-board.queries';

/** The review board on the service's read store (FerretDB here, MongoDB in production). */
@Injectable()
export class MongoReviewBoard extends ReviewBoardQueries {
  constructor(
    @InjectReadModel(reviewBoard)
    model: ReadModel<ExpertiseEvent, typeof reviewBoard.collections>,
  ) {
    const documents: BoardDocuments = {
      expert: async (expertId) =>
        (await model.model('experts').findById(expertId).lean()) as ExpertDocument | null,
      expertsOf: async (region) => (await model.model('experts').find({ region }).lean()) as ExpertDocument[],
      case: async (caseId) => (await model.model('cases').findById(caseId).lean()) as CaseDocument | null,
      cases: async (filter) => (await model.model('cases').find(filter).lean()) as CaseDocument[],
      assignments: async (filter) =>
        (await model.model('assignments').find(filter).lean()) as AssignmentDocument[],
      requireCaughtUp: (what) => model.requireCaughtUp(what),
    };
    super(documents);
  }
}

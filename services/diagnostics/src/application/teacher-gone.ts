import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * What every read of an erased teacher answers, whatever it reads (the record, the personal data,
 * the profile, the burnout screenings, a trajectory): 410 Gone with the stable code
 * `teacher-erased`. One answer everywhere, so a client tells "erased" from "never registered"
 * (404 `teacher-not-found`) the same way on every route; and nothing of the person is shown, only
 * the fact, which survives the erasure (README.md, "What survives an erasure"). Given only to
 * callers of the teacher's region: another region learns nothing of this one's teachers.
 */
export class TeacherGone extends HttpException {
  /** Without an id when the caller came by the СНИЛС: the answer must not tie it to the erased history. */
  constructor(teacherId?: string) {
    super(
      {
        code: 'teacher-erased',
        message: `данные ${teacherId === undefined ? 'этого учителя' : `учителя ${teacherId}`} удалены по его требованию (152-ФЗ): запись, профиль, маршрут и результаты больше не выдаются`,
      },
      HttpStatus.GONE,
    );
  }
}

import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { teacherOverdue } from './teacher-overdue.projection';

// The overdue report's counts, per partition (the in-memory model runs one per topic, so every id
// starts with "in-memory/0:"), hand-computed: three teachers, one moving school, one training again,
// one erased.
const [anna, boris, vera] = [
  '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
  '4a7b0d23-8c5e-4f69-b2d4-0e3f6a9c8b75',
  '5b8c1e34-9d6f-4a7a-83e5-1f4a7b0d9c86',
];
const north = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const south = 'd3e95a28-ac4b-4f72-9b16-8a3f7c2e0d54';
const city = '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64';
const village = '7b2a4ea3-5d8f-4c36-8f19-2e6d8b4a3c75';

const teacher = (
  type: 'diagnostics.TeacherRegistered' | 'diagnostics.TeacherUpdated',
  teacherId: string,
  position: number,
  organizationId: string,
  municipalityId: string,
  lastTrainingCompletedOn: string | null,
) =>
  publishedEvent(
    type,
    { teacherId, region: '63', organizationId, municipalityId, lastTrainingCompletedOn },
    { subject: `teacher-${teacherId}`, position },
  );
const erased = (teacherId: string, position: number) =>
  publishedEvent(
    'diagnostics.TeacherErased',
    { teacherId, region: '63' },
    { subject: `teacher-${teacherId}`, position },
  );

const ID = 'in-memory/0:63';
// counts per school: [teachers, none known, first due year, due in it, in the next, …]; days: [MMDD, teachers, …]

describe('teacher overdue counts, per partition', () => {
  const registered = [
    teacher('diagnostics.TeacherRegistered', anna, 0, north, city, '2022-11-30'), // due 2025-11-30
    teacher('diagnostics.TeacherRegistered', boris, 0, north, city, null), // none known
    teacher('diagnostics.TeacherRegistered', vera, 0, south, village, '2023-02-10'), // due 2026-02-10
  ];

  it('counts each school’s teachers, those with no ПК known, and the due years and days', () => {
    projectionSpec(teacherOverdue)
      .given(registered)
      .then('counts', [
        {
          _id: ID,
          region: '63',
          municipalities: JSON.stringify({
            [city]: { [north]: [2, 1, 2025, 1] },
            [village]: { [south]: [1, 0, 2026, 1] },
          }),
        },
      ])
      .then('days', [
        {
          _id: `${ID}:2025`,
          region: '63',
          year: '2025',
          municipalities: JSON.stringify({ [city]: { [north]: [1130, 1] } }),
        },
        {
          _id: `${ID}:2026`,
          region: '63',
          year: '2026',
          municipalities: JSON.stringify({ [village]: { [south]: [210, 1] } }),
        },
      ])
      .thenRedeliveryChangesNothing();
  });

  it('moves a teacher’s count with the teacher, and with the next ПК; an erased teacher counts nowhere', () => {
    const events = [
      ...registered,
      // Anna moves to the village's school and trains again: due 2029-03-01 there
      teacher('diagnostics.TeacherUpdated', anna, 1, south, village, '2026-03-01'),
      // Vera is erased: the village's 2026 day goes
      erased(vera, 1),
      // an older event of Anna arriving late changes nothing
      teacher('diagnostics.TeacherUpdated', anna, 0, north, city, '2022-11-30'),
    ];
    projectionSpec(teacherOverdue)
      .given(events)
      .then('counts', [
        {
          _id: ID,
          region: '63',
          municipalities: JSON.stringify({
            [village]: { [south]: [1, 0, 2029, 1] },
            [city]: { [north]: [1, 1] },
          }),
        },
      ])
      .then('days', [
        // nobody is due in 2025 or 2026 any more: the documents stay, emptied
        { _id: `${ID}:2025`, region: null, year: null, municipalities: null },
        { _id: `${ID}:2026`, region: null, year: null, municipalities: null },
        {
          _id: `${ID}:2029`,
          region: '63',
          year: '2029',
          municipalities: JSON.stringify({ [village]: { [south]: [301, 1] } }),
        },
      ])
      .thenRedeliveryChangesNothing();
  });
});

// Environment of the unit project, set before each spec file loads its modules. Unit specs only:
// integration and end-to-end tests take their settings from the stack (config.endpoints).

// unit specs only: a fixed teacher id key (services/diagnostics/src/application/teacher-id.ts),
// never a real one; the stack generates its own into .local/keys/teacher-ids.key
process.env.TEACHER_ID_KEY ??= '5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f';

import type { Clock } from '@pk/kernel';

/** A clock a test sets and moves: deadlines fire when the test says so, never by waiting. */
export class TestClock implements Clock {
  constructor(private current: Date = new Date('2026-09-01T09:00:00Z')) {}

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

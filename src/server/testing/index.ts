/** Fake providers for tests and the e2e global setup (which probes this file for these names). */
export { startFakeClaid } from './fake-claid.ts';
export { startFakeDeepImage } from './fake-deep-image.ts';
export type { FakeServer, RecordedRequest, ScriptStep } from './fake-http.ts';

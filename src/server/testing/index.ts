/** Fake providers for the server tests and the e2e global setup. */
export { startFakeClaid } from './fake-claid.ts';
export { startFakeDeepImage } from './fake-deep-image.ts';
export type { FakeServer, RecordedRequest, ScriptStep } from './fake-http.ts';

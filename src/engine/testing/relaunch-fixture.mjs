// Test fixture for allocator-tuning.test.ts: relaunches itself tuned, then reports what the child saw.
// Run as `node --import tsx relaunch-fixture.mjs <exit code | "wait">`.
const tuning = await import('../allocator-tuning.ts');
if (tuning.needsAllocatorRelaunch()) tuning.relaunchWithAllocatorTuning();
else {
  console.log(
    JSON.stringify({
      pid: process.pid,
      tunables: process.env.GLIBC_TUNABLES ?? null,
      gc: typeof globalThis.gc,
    }),
  );
  if (process.argv[2] === 'wait') setInterval(() => {}, 1000);
  else process.exit(Number(process.argv[2]));
}

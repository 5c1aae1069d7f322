import { missingMemorySettings } from '../../../worker/memory-settings';

describe('worker memory settings', () => {
  it('names both settings when a Linux worker starts without them', () => {
    expect(missingMemorySettings({}, [], 'linux')).toEqual(['MALLOC_MMAP_THRESHOLD_=1048576', 'NODE_OPTIONS=--max-semi-space-size=8']);
  });

  it('accepts the V8 flag from the command line or NODE_OPTIONS, with any value', () => {
    expect(missingMemorySettings({ MALLOC_MMAP_THRESHOLD_: '262144' }, ['--max-semi-space-size=4'], 'linux')).toEqual([]);
    expect(missingMemorySettings({ MALLOC_MMAP_THRESHOLD_: '131072', NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=8' }, [], 'linux')).toEqual([]);
  });

  it('does not ask for the glibc setting off Linux', () => {
    expect(missingMemorySettings({}, ['--max-semi-space-size=8'], 'darwin')).toEqual([]);
  });
});

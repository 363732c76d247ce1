import { describe, expect, it } from '@jest/globals';
import { parseProcStatus, selfTime, type CpuProfile } from './measure.js';

const STATUS = `Name:\tnode
State:\tS (sleeping)
VmPeak:\t 1234567 kB
VmHWM:\t  402432 kB
VmRSS:\t  278528 kB
Threads:\t11
`;

describe('the API process memory read from /proc/<pid>/status', () => {
  it('takes VmRSS as resident now and VmHWM as the peak, converting kB to bytes', () => {
    expect(parseProcStatus(STATUS)).toEqual({ rssBytes: 278_528 * 1024, peakRssBytes: 402_432 * 1024 });
  });

  it('refuses a status without the line it needs, naming it', () => {
    expect(() => parseProcStatus('Name:\tnode\nVmHWM:\t 1 kB\n')).toThrow('/proc status has no VmRSS line in kB');
  });
});

describe('self time of a CPU profile', () => {
  const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)') },
      { id: 2, callFrame: frame('actionFigures', 'file:///work/repo/dist/libs/projections/src/views/board-views.queries.js', 115) },
      { id: 3, callFrame: frame('', 'file:///work/repo/node_modules/graphql/execution/execute.js', 9) },
    ],
    samples: [1, 2, 2, 3, 2],
    timeDeltas: [4000, 1000, 2000, 1000, 2000],
  };

  it('sums each function’s samples, largest first, as a share of all the time profiled', () => {
    expect(selfTime(profile)).toEqual([
      { name: 'actionFigures dist/libs/projections/src/views/board-views.queries.js:116', share: 0.5, ms: 5 },
      { name: '(idle)', share: 0.4, ms: 4 },
      { name: '(anonymous) node_modules/graphql/execution/execute.js:10', share: 0.1, ms: 1 },
    ]);
  });

  it('keeps only the top entries asked for', () => {
    expect(selfTime(profile, 1).map((entry) => entry.ms)).toEqual([5]);
  });
});

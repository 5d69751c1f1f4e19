import { afterEach, describe, expect, it } from 'vitest';
import {
  type FaultSpec,
  parseFaultSpec,
  type RequestLogEntry,
  type Sandbox,
  startSandbox,
} from '../../sandbox/index.ts';
import { storeCaller } from '../support/sandbox-http.ts';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

async function start(faults?: FaultSpec | string, onRequest?: (entry: RequestLogEntry) => void) {
  sandbox = await startSandbox({ ...(faults ? { faults } : {}), ...(onRequest ? { onRequest } : {}) });
  return storeCaller(sandbox.baseUrl('sandbox'), 'sandbox-token');
}

/** The status, or 'no response' when the connection failed. */
async function outcome(response: Promise<{ status: number }>): Promise<number | 'no response'> {
  try {
    return (await response).status;
  } catch {
    return 'no response';
  }
}

const newZone = { name: 'Mexico', type: 'country', locations: [{ country_iso2: 'MX' }] };

describe('fault injection', () => {
  it('answers a 429 without rate-limit headers, as BigCommerce does under platform load', async () => {
    const call = await start({ rules: [{ kind: '429', times: 1 }] });
    const limited = await call('GET', '/shipping/zones');
    expect(limited.status).toBe(429);
    expect([...limited.headers.keys()].filter((name) => name.startsWith('x-rate-limit'))).toEqual([]);
    expect((await call('GET', '/shipping/zones')).status).toBe(200);
  });

  it.each(['500', '502', '503'] as const)('answers %s in V2 form and changes nothing', async (kind) => {
    const call = await start({ rules: [{ kind, times: 1 }] });
    const failed = await call('POST', '/shipping/zones', newZone);
    expect(failed.status).toBe(Number(kind));
    expect(failed.json).toEqual([{ status: Number(kind), message: expect.any(String) }]);
    expect(sandbox?.state('sandbox').zones).toHaveLength(3);
  });

  it('resets the connection without applying the write', async () => {
    const call = await start({ rules: [{ kind: 'reset', times: 1 }] });
    expect(await outcome(call('POST', '/shipping/zones', newZone))).toBe('no response');
    expect(sandbox?.state('sandbox').zones).toHaveLength(3);
    expect(sandbox?.requests.at(-1)).toMatchObject({ method: 'POST', status: null, fault: 'reset' });
  });

  it('holds a timed-out request open until the client gives up', async () => {
    let held: () => void = () => undefined;
    const decided = new Promise<void>((resolve) => {
      held = resolve;
    });
    const call = await start({ rules: [{ kind: 'timeout', times: 1 }] }, (entry) => {
      if (entry.fault === 'timeout') held();
    });
    const client = new AbortController();
    const pending = fetch(`${sandbox?.baseUrl('sandbox')}/shipping/zones`, {
      headers: { 'X-Auth-Token': 'sandbox-token', Accept: 'application/json' },
      signal: client.signal,
    });
    await decided;
    client.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect(sandbox?.requests).toMatchObject([{ status: null, fault: 'timeout' }]);
    expect((await call('GET', '/shipping/zones')).status).toBe(200);
  });

  it('drops a timed-out request when the sandbox closes', async () => {
    let held: () => void = () => undefined;
    const decided = new Promise<void>((resolve) => {
      held = resolve;
    });
    const call = await start({ rules: [{ kind: 'timeout', times: 1 }] }, () => held());
    const pending = outcome(call('GET', '/shipping/zones'));
    await decided;
    await sandbox?.close();
    expect(await pending).toBe('no response');
  });

  it('applies a lost write and then loses its response, as a 502 or a reset', async () => {
    const call = await start({ seed: 7, rules: [{ kind: 'lost', probability: 1 }] });
    const outcomes = [];
    for (let index = 0; index < 6; index += 1) {
      outcomes.push(
        await outcome(call('POST', '/shipping/zones', { name: `Zone ${index}`, type: 'global' })),
      );
    }
    expect(new Set(outcomes)).toEqual(new Set([502, 'no response']));
    expect(
      sandbox
        ?.state('sandbox')
        .zones.map((zone) => zone.name)
        .slice(3),
    ).toEqual(['Zone 0', 'Zone 1', 'Zone 2', 'Zone 3', 'Zone 4', 'Zone 5']);
  });

  it('never loses the response of a read', async () => {
    const call = await start({ rules: [{ kind: 'lost', probability: 1 }] });
    expect((await call('GET', '/shipping/zones')).status).toBe(200);
  });

  it('fails exactly the next N matching requests, then lets them through', async () => {
    const call = await start({
      rules: [{ kind: '503', times: 2, methods: ['POST'], path: /\/zones\/\d+\/methods$/ }],
    });
    const method = { name: 'Flat', type: 'perorder', settings: { rate: 5 } };
    const statuses = [
      (await call('GET', '/shipping/zones/1/methods')).status,
      (await call('POST', '/shipping/zones', newZone)).status,
      (await call('POST', '/shipping/zones/1/methods', method)).status,
      (await call('POST', '/shipping/zones/1/methods', method)).status,
      (await call('POST', '/shipping/zones/1/methods', method)).status,
    ];
    expect(statuses).toEqual([200, 201, 503, 503, 200]);
  });

  it('gives the same sequence of outcomes for the same seed and requests', async () => {
    const spec = 'seed=42,429=0.1,500=0.1,502=0.1,503=0.1,reset=0.1';
    const run = async () => {
      const call = await start(spec);
      const outcomes = [];
      for (let index = 0; index < 30; index += 1)
        outcomes.push(await outcome(call('GET', '/shipping/zones')));
      await sandbox?.close();
      return outcomes;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 500, 502, 503, 'no response']));
  });

  it('gives a different sequence for a different seed', async () => {
    const run = async (seed: number) => {
      const call = await start({ seed, rules: [{ kind: '500', probability: 0.5 }] });
      const statuses = [];
      for (let index = 0; index < 20; index += 1)
        statuses.push((await call('GET', '/shipping/zones')).status);
      await sandbox?.close();
      return statuses;
    };
    expect(await run(1)).not.toEqual(await run(2));
  });

  it('replaces the faults at run time and removes them with undefined', async () => {
    const call = await start();
    sandbox?.setFaults('500=1x');
    expect((await call('GET', '/shipping/zones')).status).toBe(500);
    sandbox?.setFaults('500=1');
    sandbox?.setFaults(undefined);
    expect((await call('GET', '/shipping/zones')).status).toBe(200);
  });
});

describe('terminal fault kinds: 400, 404, 422', () => {
  const perOrder = { name: 'Flat', type: 'perorder', settings: { rate: 7 } };

  it.each(['400', '404', '422'] as const)(
    'answers %s with a V2 error body, counts against no quota and changes nothing',
    async (kind) => {
      const call = await start({ rules: [{ kind, times: 1 }] });
      const failed = await call('POST', '/shipping/zones', newZone);
      expect(failed.status).toBe(Number(kind));
      expect(failed.json).toEqual([{ status: Number(kind), message: expect.any(String) }]);
      expect(failed.headers.get('x-rate-limit-requests-left')).toBe('150');
      expect(sandbox?.state('sandbox').zones).toHaveLength(3);
      expect(sandbox?.requests.at(-1)).toMatchObject({ method: 'POST', status: Number(kind), fault: kind });
      expect((await call('POST', '/shipping/zones', newZone)).status).toBe(201);
    },
  );

  it('answers a V3 path with a V3 error body', async () => {
    await start({ rules: [{ kind: '422', times: 1 }] });
    const v3 = storeCaller(`${sandbox?.url}/stores/sandbox/v3`, 'sandbox-token');
    const failed = await v3('POST', '/carts', { line_items: [{ quantity: 1, product_id: 111 }] });
    expect(failed.status).toBe(422);
    expect(failed.json).toMatchObject({ status: 422 });
    expect(sandbox?.cartIds('sandbox')).toEqual([]);
  });

  it('fails the first method POST: 400=1x,methods=POST,path=/methods$', async () => {
    const call = await start('400=1x,methods=POST,path=/methods$');
    expect((await call('POST', '/shipping/zones', newZone)).status).toBe(201);
    expect((await call('POST', '/shipping/zones/1/methods', perOrder)).status).toBe(400);
    expect(sandbox?.state('sandbox').methodsByZone[1]).toEqual([]);
    expect((await call('POST', '/shipping/zones/1/methods', perOrder)).status).toBe(200);
  });

  it('fails the k-th write with after=k-1, letting the writes before it through', async () => {
    const call = await start('422=1x,after=2,methods=writes');
    expect((await call('GET', '/shipping/zones')).status).toBe(200);
    expect((await call('POST', '/shipping/zones/1/methods', perOrder)).status).toBe(200);
    expect((await call('PUT', '/shipping/zones/1/methods/1', { settings: { rate: 8 } })).status).toBe(200);
    const third = await call('DELETE', '/shipping/zones/1/methods/1');
    expect(third.status).toBe(422);
    expect(sandbox?.state('sandbox').methodsByZone[1]).toMatchObject([{ id: 1, settings: { rate: 8 } }]);
    expect((await call('DELETE', '/shipping/zones/1/methods/1')).status).toBe(204);
  });

  it('takes after in the object form too', async () => {
    const call = await start({ rules: [{ kind: '404', times: 1, after: 1, methods: ['GET'] }] });
    expect((await call('GET', '/shipping/zones')).status).toBe(200);
    expect((await call('GET', '/shipping/zones')).status).toBe(404);
    expect((await call('GET', '/shipping/zones')).status).toBe(200);
  });
});

describe('fault spec strings', () => {
  it('reads probabilities, counts, the seed and the method and path restrictions', () => {
    expect(parseFaultSpec('seed=42,429=0.1,503=2x,methods=POST|PUT,path=/methods$')).toEqual({
      seed: 42,
      rules: [
        { kind: '429', probability: 0.1, methods: ['POST', 'PUT'], path: /\/methods$/ },
        { kind: '503', times: 2, methods: ['POST', 'PUT'], path: /\/methods$/ },
      ],
    });
  });

  it('reads after=N onto every rule of the string', () => {
    expect(parseFaultSpec('400=1x,404=0.5,after=3').rules).toEqual([
      { kind: '400', times: 1, after: 3 },
      { kind: '404', probability: 0.5, after: 3 },
    ]);
  });

  it('expands methods=writes to POST, PUT and DELETE', () => {
    expect(parseFaultSpec('lost=0.5,methods=writes').rules[0]?.methods).toEqual(['POST', 'PUT', 'DELETE']);
  });

  it.each([
    ['500=2', "500 must be a probability between 0 and 1 or a count like 2x, got '2'"],
    ['teapot=0.1', "unknown key 'teapot'"],
    ['seed=abc', "seed must be an integer, got 'abc'"],
    ['path=(', 'path is not a regular expression'],
    ['400=1x,after=-1', "after must be a whole number, got '-1'"],
  ])('rejects %s naming the problem', (text, message) => {
    expect(() => parseFaultSpec(text)).toThrow(message);
  });

  it('rejects an object rule that has neither a probability nor a count', async () => {
    await expect(startSandbox({ faults: { rules: [{ kind: '500' }] } })).rejects.toThrow(
      'rules.0: needs a probability, a number of times, or both',
    );
  });
});

describe('latency', () => {
  it('waits the fixed delay plus a seeded jitter before each response', async () => {
    const delays: number[][] = [];
    for (const run of [0, 1]) {
      delays[run] = [];
      const recorded = delays[run];
      sandbox = await startSandbox({
        latency: { fixedMs: 100, jitterMs: 50, seed: 3 },
        sleep: async (ms) => {
          recorded?.push(ms);
        },
      });
      const call = storeCaller(sandbox.baseUrl('sandbox'), 'sandbox-token');
      for (let index = 0; index < 5; index += 1) await call('GET', '/shipping/zones');
      await sandbox.close();
    }
    expect(delays[0]).toHaveLength(5);
    expect(delays[0]?.every((ms) => ms >= 100 && ms <= 150)).toBe(true);
    expect(new Set(delays[0]).size).toBeGreaterThan(1);
    expect(delays[1]).toEqual(delays[0]);
  });
});

// The load generator, forked by harness.ts startLoad(): autocannon over loopback, in its own process so it
// does not compete for the event loop of the server it measures. Records every answer's latency.
import autocannon from 'autocannon';
import type { LoadOptions, LoadResult } from './harness.ts';

// Ends with its parent, whatever happens to it.
process.on('disconnect', () => process.exit(1));

process.once('message', (options: LoadOptions) => {
  const latencies: number[] = [];
  const sentAt: number[] = [];
  let non2xx = 0;
  let next = 0;
  const started = performance.now();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    // A request stuck behind long work is still measured, not dropped as a timeout.
    timeout: 300,
    headers: options.headers,
    requests: [{
      setupRequest: (request) => {
        const n = next++;
        const path = options.paths[n % options.paths.length]!;
        if (options.body === undefined) return { ...request, path };
        const body = options.body.replaceAll('{{n}}', `${started.toFixed(0)}-${n}`)
          .replaceAll('{{value}}', options.values?.[n % options.values.length] ?? '');
        return { ...request, path, method: 'POST', body, headers: { ...request.headers, 'content-type': 'application/json' } };
      },
    }],
  }, (error, result) => {
    if (error) throw error;
    const seconds = (performance.now() - started) / 1000;
    const answer: LoadResult = {
      requests: latencies.length, seconds, requestsPerSecond: latencies.length / seconds, latencies, sentAt,
      errors: result.errors + result.timeouts, non2xx,
    };
    process.send!(answer, () => process.exit(0));
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    sentAt.push(Date.now() - responseTime);
    if (statusCode < 200 || statusCode > 299) non2xx++;
  });
  process.on('message', (message) => message === 'stop' && instance.stop());
});

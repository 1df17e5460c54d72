// Ships documents to vigild with the official Elasticsearch JavaScript client,
// exactly as an application would, and checks what vigild stored.
//
//   node bulk_client.mjs BASE_URL DOC_COUNT
//
// 1. client.info(): the client's product check must pass (X-Elastic-Product).
// 2. client.helpers.bulk: DOC_COUNT documents, `create` with explicit ids,
//    small flushes so several bulk requests run concurrently.
// 3. client.bulk: a plain call with `index` actions and no ids (server ids).
// 4. client.count and client.get read the documents back.
// 5. client.indices.refresh, client.indices.exists and client.eql.search.
//
// Prints one `request: METHOD PATH` line per HTTP request the client made and
// `ok: ...` on success. Exits 1 with a `FAIL:` line on any failure, 2 on bad
// usage, 3 when it runs out of time. Run by tests/api/clients/es_js_client_test.cpp.
import { Client, errors } from '@elastic/elasticsearch';

const INDEX = 'js-client-test';
const PLAIN_DOCS = 3;

function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

const [baseUrl, countArg] = process.argv.slice(2);
const docCount = Number.parseInt(countArg ?? '', 10);
if (!baseUrl || !Number.isInteger(docCount) || docCount < 1) {
  console.log('usage: node bulk_client.mjs BASE_URL DOC_COUNT');
  process.exit(2);
}

// Never hang the test suite: the C++ side has its own deadline too.
setTimeout(() => {
  console.log('FAIL: timed out after 60 s');
  process.exit(3);
}, 60_000).unref();

const client = new Client({ node: baseUrl, requestTimeout: 10_000, maxRetries: 0 });
client.diagnostic.on('request', (err, result) => {
  const params = result?.meta?.request?.params;
  if (params) console.log(`request: ${params.method} ${params.path}${params.querystring ? `?${params.querystring}` : ''}`);
});

function describe(err) {
  if (err instanceof errors.ProductNotSupportedError)
    return `product check failed (no X-Elastic-Product: Elasticsearch header?): ${err.message}`;
  if (err instanceof errors.ResponseError)
    return `HTTP ${err.statusCode} ${err.meta?.meta?.request?.params?.method ?? ''} ` +
      `${err.meta?.meta?.request?.params?.path ?? ''}: ${JSON.stringify(err.body)}`;
  return err?.stack ?? String(err);
}

try {
  // 1. info: the first request; the client checks the product header on it.
  const info = await client.info();
  if (!info?.version?.number?.startsWith('8.'))
    fail(`info() returned version ${JSON.stringify(info?.version)}, expected 8.x`);

  // 2. helpers.bulk, the way applications index streams of documents.
  const docs = Array.from({ length: docCount }, (_, i) => ({
    '@timestamp': new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString(),
    message: `js client document ${i}`,
    event: { kind: 'event', sequence: i },
    labels: { client: 'elasticsearch-js' },
  }));
  const dropped = [];
  const stats = await client.helpers.bulk({
    datasource: docs,
    onDocument: (doc) => ({ create: { _index: INDEX, _id: `js-${doc.event.sequence}` } }),
    onDrop: (item) => dropped.push(item),
    flushBytes: 16 * 1024,
    concurrency: 3,
    retries: 0,
  });
  if (dropped.length > 0) fail(`helpers.bulk dropped ${dropped.length} documents, first: ${JSON.stringify(dropped[0])}`);
  if (stats.total !== docCount || stats.successful !== docCount || stats.failed !== 0 || stats.aborted)
    fail(`helpers.bulk stats ${JSON.stringify(stats)}, expected ${docCount} successful`);

  // 3. A plain bulk call without ids: vigild assigns them.
  const operations = [];
  for (let i = 0; i < PLAIN_DOCS; ++i)
    operations.push({ index: { _index: INDEX } }, { message: `plain bulk ${i}`, labels: { client: 'elasticsearch-js' } });
  const bulk = await client.bulk({ operations, refresh: 'wait_for' });
  if (bulk.errors || bulk.items.length !== PLAIN_DOCS)
    fail(`bulk() returned errors=${bulk.errors} with ${bulk.items.length} items: ${JSON.stringify(bulk.items)}`);
  const plainId = bulk.items[0].index?._id;
  if (!plainId || bulk.items[0].index.status !== 201)
    fail(`bulk() item without a created _id: ${JSON.stringify(bulk.items[0])}`);

  // 4. Read back through the same client.
  const expected = docCount + PLAIN_DOCS;
  const { count } = await client.count({ index: INDEX });
  if (count !== expected) fail(`count() returned ${count}, expected ${expected}`);
  const last = await client.get({ index: INDEX, id: `js-${docCount - 1}` });
  if (!last.found || last._source.message !== `js client document ${docCount - 1}`)
    fail(`get(js-${docCount - 1}) returned ${JSON.stringify(last)}`);
  const plain = await client.get({ index: INDEX, id: plainId });
  if (!plain.found || plain._source.message !== 'plain bulk 0') fail(`get(${plainId}) returned ${JSON.stringify(plain)}`);

  // 5. What applications and test suites call around writes: refresh, exists, and an EQL search.
  const refreshed = await client.indices.refresh({ index: INDEX });
  if (refreshed._shards?.failed !== 0) fail(`indices.refresh returned ${JSON.stringify(refreshed)}`);
  if (!(await client.indices.exists({ index: INDEX }))) fail(`indices.exists(${INDEX}) is false`);
  if (await client.indices.exists({ index: 'js-never-written' })) fail('indices.exists is true for an unwritten index');
  const eql = await client.eql.search({ index: INDEX, query: 'any where event.sequence < 3', size: 10 });
  const ids = eql.hits.events.map((e) => e._id).join(',');
  if (ids !== 'js-0,js-1,js-2' || eql.hits.total.value !== 3 || eql.is_partial)
    fail(`eql.search returned ${JSON.stringify(eql)}`);

  console.log(`ok: elasticsearch-js ${info.version.number} server, helpers.bulk ${stats.successful} docs in ` +
    `${stats.time} ms, bulk ${PLAIN_DOCS} docs, count ${count}`);
  await client.close();
  process.exit(0);
} catch (err) {
  fail(describe(err));
}

"""Ships documents to vigild with the official Elasticsearch Python client
(Debian's python3-elasticsearch 7.17), as an application or a test suite
would, then refreshes, checks the index exists, counts and searches it with
EQL. Run by tests/api/clients/es_py_client_test.cpp.

    python3 es_client.py BASE_URL DOC_COUNT

Prints `ok: ...` lines on success; exits 1 with a `FAIL:` line on any
failure, 2 on bad usage.
"""
import sys

from elasticsearch import Elasticsearch, NotFoundError, RequestError, helpers

INDEX = "py-client-test"


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def main():
    if len(sys.argv) != 3 or not sys.argv[2].isdigit():
        print("usage: python3 es_client.py BASE_URL DOC_COUNT")
        sys.exit(2)
    base_url, count = sys.argv[1], int(sys.argv[2])
    es = Elasticsearch(base_url, request_timeout=10, max_retries=0)

    actions = (
        {
            "_op_type": "create",
            "_index": INDEX,
            "_id": f"py-{i}",
            "_source": {
                "@timestamp": f"2026-11-22T10:{i // 60 % 60:02d}:{i % 60:02d}.000Z",
                "message": f"python client document {i}",
                "event": {"sequence": i},
            },
        }
        for i in range(count)
    )
    created = sum(1 for ok, _ in helpers.streaming_bulk(es, actions, chunk_size=200) if ok)
    if created != count:
        fail(f"streaming_bulk created {created} of {count}")
    print(f"ok: streaming_bulk created {created}")

    # What test suites do before counting: a refresh, which must not raise.
    shards = es.indices.refresh(index=INDEX)["_shards"]
    if shards.get("failed") != 0:
        fail(f"refresh answered {shards}")
    if not es.indices.exists(index=INDEX):
        fail(f"indices.exists({INDEX}) is false after writing to it")
    if es.indices.exists(index="py-no-such-index"):
        fail("indices.exists is true for an index never written")
    try:
        es.indices.refresh(index="py-no-such-index")
        fail("refresh of an index never written did not raise NotFoundError")
    except NotFoundError as e:
        if e.error != "index_not_found_exception":
            fail(f"refresh of a missing index raised {e.error}")
    print("ok: refresh and exists")

    stored = es.count(index=INDEX)["count"]
    if stored != count:
        fail(f"count is {stored}, expected {count}")

    found = es.eql.search(
        index=INDEX,
        body={"query": 'any where event.sequence < 5 and message : "python client*"', "size": 100},
    )
    ids = [hit["_id"] for hit in found["hits"]["events"]]
    if ids != [f"py-{i}" for i in range(5)] or found["hits"]["total"]["value"] != 5:
        fail(f"eql.search found {ids}")
    if found["is_partial"] or found["is_running"] or found["timed_out"]:
        fail(f"eql.search answered {found}")
    print("ok: eql.search found 5 in time order")

    try:
        es.eql.search(index=INDEX, body={"query": "sequence [any where true] [any where true]"})
        fail("a sequence query did not raise RequestError")
    except RequestError as e:
        if e.error != "parsing_exception" or "sequence" not in str(e.info):
            fail(f"a sequence query raised {e.error}: {e.info}")
    print("ok: sequence refused with its reason")


main()

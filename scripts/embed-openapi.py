#!/usr/bin/env python3
"""Build step: docs/openapi.yaml -> a C++ source holding it as JSON.

The YAML file is what people read and edit; vigild serves the same document
as JSON at /api/v1/openapi.json. Converting at build time keeps a YAML parser
out of the daemon. The build fails here, naming the path, when a $ref points
nowhere or an operation lacks x-vigil-roles.
"""
import json
import sys

import yaml


def resolve(document, ref):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def check_refs(document, node, where):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and resolve(document, ref) is None:
            sys.exit(f"{where}: $ref {ref} does not resolve")
        for key, value in node.items():
            check_refs(document, value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            check_refs(document, value, f"{where}/{i}")


def main(source, target):
    with open(source, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    check_refs(document, document, source)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method != "parameters" and "x-vigil-roles" not in operation:
                sys.exit(f"{source}: {method.upper()} {path} has no x-vigil-roles")
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    delimiter = "vigil_openapi"
    if f"){delimiter}\"" in text:
        sys.exit("the raw-string delimiter occurs in the document")
    with open(target, "w", encoding="utf-8") as out:
        out.write("// Generated from docs/openapi.yaml by scripts/embed-openapi.py. Do not edit.\n")
        out.write('#include "api/openapi/openapi_document.hpp"\n\n')
        out.write("namespace vigil::api {\n\n")
        out.write(f'std::string_view openapi_document() {{\n  return R"{delimiter}({text}){delimiter}";\n}}\n\n')
        out.write("}  // namespace vigil::api\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: embed-openapi.py docs/openapi.yaml OUTPUT.cpp")
    main(sys.argv[1], sys.argv[2])

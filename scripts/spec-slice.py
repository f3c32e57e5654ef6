#!/usr/bin/env python3
"""Extends the emulator's OpenAPI slice with operations and schemas copied verbatim from Okta's published spec.

The slice (emulator/openapi/provisioning-openapi.yaml) is a subset of Okta's management spec, release 2026.06.3
(github.com/okta/okta-management-openapi-spec, dist/2026.06.3/management-oneOfInheritance.yaml, Apache-2.0). It
was written by PyYAML (safe_dump, sort_keys=False, width=120), which round-trips it byte for byte, so this script
can add to it without touching a byte of what is there:

    python3 scripts/spec-slice.py path/to/management-oneOfInheritance.yaml

It copies each operation listed in OPERATIONS (with its path item's parameters) and each schema in SCHEMAS, then
every component they reference, transitively, that the slice lacks; it checks that whatever the slice already has
is identical to upstream, and records what it added under info.x-slice.
"""
import copy
import sys

import yaml

SLICE = "emulator/openapi/provisioning-openapi.yaml"
SOURCE = {
    "repository": "https://github.com/okta/okta-management-openapi-spec",
    "file": "dist/2026.06.3/management-oneOfInheritance.yaml",
    "commit": "fdda229e82940cf5af4611ad673ca6a27974e31b",
    "release": "2026.06.3",
    "license": "Apache-2.0",
}
# (path, method) in the order they are added.
OPERATIONS = [
    ("/api/v1/apps", "post"),  # createApplication
    ("/api/v1/apps/{appId}", "delete"),  # deleteApplication
    ("/api/v1/apps/{appId}/lifecycle/activate", "post"),  # activateApplication
    ("/api/v1/apps/{appId}/lifecycle/deactivate", "post"),  # deactivateApplication
]
# The request bodies Okta documents for creating the integration-network apps the emulator knows (by key name).
SCHEMAS = [
    "GoogleApplication",
    "Office365Application",
    "Org2OrgApplication",
    "SlackApplication",
    "ZoomUsApplication",
    "ZscalerbyzApplication",
]
ORIGINAL = [
    "the app connection and app feature operations, the OAuth 2.0 consent callback, listApplications and "
    "getApplication, with every component they reference"
]


def refs(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/components/"):
                _, _, section, name = value.split("/", 3)
                found.append((section, name))
            else:
                refs(value, found)
    elif isinstance(node, list):
        for item in node:
            refs(item, found)


def share(node, existing):
    """Reuses the slice's own objects where upstream repeats them, so PyYAML writes aliases as it did before."""
    for obj in existing:
        if node is not obj and node == obj:
            return obj
    if isinstance(node, dict):
        return {k: share(v, existing) for k, v in node.items()}
    if isinstance(node, list):
        return [share(v, existing) for v in node]
    return node


def shared_objects(doc):
    """Lists and dicts that occur more than once in the slice (the ones PyYAML anchors)."""
    seen, twice = {}, {}

    def walk(node):
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                twice[id(node)] = node
                return
            seen[id(node)] = node
            for child in node.values() if isinstance(node, dict) else node:
                walk(child)

    walk(doc)
    return list(twice.values())


def main(upstream_path):
    upstream = yaml.safe_load(open(upstream_path, encoding="utf8"))
    text = open(SLICE, encoding="utf8").read()
    doc = yaml.safe_load(text)
    if yaml.safe_dump(doc, sort_keys=False, width=120) != text:
        sys.exit(f"{SLICE} does not round-trip through PyYAML: it was edited by hand")
    existing = shared_objects(doc)
    wanted = []
    added_ops = []
    for path, method in OPERATIONS:
        item = upstream["paths"][path]
        target = doc["paths"].setdefault(path, {})
        if "parameters" in item and "parameters" not in target:
            target["parameters"] = share(copy.deepcopy(item["parameters"]), existing)
            refs(item["parameters"], wanted)
        if method not in target:
            target[method] = share(copy.deepcopy(item[method]), existing)
            added_ops.append(f"{method.upper()} {path} ({item[method]['operationId']})")
        elif target[method] != item[method]:
            sys.exit(f"{method} {path} differs from upstream")
        refs(item[method], wanted)
    wanted += [("schemas", name) for name in SCHEMAS]
    added = []
    while wanted:
        section, name = wanted.pop(0)
        have = doc["components"].setdefault(section, {})
        source = upstream["components"][section][name]
        if name in have:
            if have[name] != source:
                sys.exit(f"components/{section}/{name} differs from upstream")
            continue
        have[name] = share(copy.deepcopy(source), existing)
        added.append(f"{section}/{name}")
        refs(source, wanted)
    note = doc["info"].get("x-slice") or {"source": SOURCE, "contents": ORIGINAL, "added": []}
    if added_ops:
        note["added"].append(
            {
                "for": "issue 22 (the acceptance suite creates, deactivates and deletes its own apps)",
                "operations": added_ops,
                "schemas": [n for n in SCHEMAS if f"schemas/{n}" in added],
                "components": len(added),
            }
        )
    doc["info"]["x-slice"] = note
    with open(SLICE, "w", encoding="utf8") as out:
        out.write(yaml.safe_dump(doc, sort_keys=False, width=120))
    print(f"added {len(added_ops)} operations and {len(added)} components: {', '.join(added_ops)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

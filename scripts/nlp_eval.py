"""Sends every dev-set document to ExtractTasks over REST and prints the predictions as the
scorer reads them (one JSON line per document). Standard library only.

Environment: TASKSTREAM_URL (the gateway); TASKSTREAM_TOKEN and TASKSTREAM_WORKSPACE, or a
fresh user and workspace are created."""
import json
import os
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime

BASE = os.environ["TASKSTREAM_URL"].rstrip("/")


def call(method, path, body=None, token=None):
    request = urllib.request.Request(BASE + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"content-type": "application/json"})
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        sys.exit(f"{method} {path}: HTTP {error.code}: {error.read().decode(errors='replace')}")


def session():
    token, workspace = os.environ.get("TASKSTREAM_TOKEN"), os.environ.get("TASKSTREAM_WORKSPACE")
    if token and workspace:
        return token, workspace
    email = f"nlp-eval-{int(time.time() * 1000)}@example.com"
    signed = call("POST", "/v1/users:signUp", {"email": email, "password": "correct horse battery staple"})
    token = signed["tokens"]["accessToken"]
    workspace = call("POST", "/v1/workspaces", {"displayName": "NLP eval"}, token)["workspace"]["name"]
    return token, workspace


KINDS = {"email": "DOCUMENT_KIND_EMAIL", "chat": "DOCUMENT_KIND_CHAT", "transcript": "DOCUMENT_KIND_TRANSCRIPT"}
PRIORITIES = {"PRIORITY_LOW": "low", "PRIORITY_MEDIUM": "normal", "PRIORITY_HIGH": "high", "PRIORITY_URGENT": "urgent"}


def local_due(candidate, zone):
    if "dueDate" in candidate:
        d = candidate["dueDate"]
        return f"{d['year']:04d}-{d['month']:02d}-{d['day']:02d}"
    if "dueTime" in candidate:
        # An instant: the scorer converts it into the document's zone itself.
        return candidate["dueTime"].replace("Z", "+00:00")
    return None


def main(path):
    token, workspace = session()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            doc = json.loads(line)
            document = {
                "kind": KINDS[doc["source"]],
                "text": doc["text"],
                # Protobuf JSON wants RFC 3339 with seconds; the sets' ISO-8601 may omit them.
                "referenceTime": datetime.fromisoformat(doc["reference_time"]).isoformat(),
                "timeZone": doc["timezone"],
                "participants": [{"id": p["id"], "displayName": p.get("name") or "", "email": p.get("email") or "",
                                  "handle": p.get("handle") or ""} for p in doc["participants"]],
                "author": doc.get("author") or "",
            }
            answer = call("POST", f"/v1/{workspace}:extractTasks", {"document": document}, token)
            tasks = [{
                "title": c.get("title", ""),
                "assignee": c.get("assignee") or None,
                "due": local_due(c, doc["timezone"]),
                "priority": PRIORITIES.get(c.get("priority")),
            } for c in answer.get("candidates", [])]
            print(json.dumps({"id": doc["id"], "tasks": tasks}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])

"""A Streamlit client without a browser, for the attack tests: what does a page send a visitor?

Run as a script (also inside a network namespace, ``ip netns exec …``)::

    python attack_client.py http://10.77.0.1:8501 gesprekken gegevens …

For every page name it opens a fresh session over the WebSocket (as a browser does, with the page
in the URL), lets the script run to its end, follows every ``/media`` URL the page mentions, and
prints one JSON object: page -> {"pages": menu titles, "titles": headings, "text": all that
reached the client (protobuf text format plus media bodies)}.
"""

from __future__ import annotations

import json
import re
import sys
import time
import urllib.error
import urllib.request

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

MEDIA = re.compile(r'"(/media/[^"\s]+)"')


def visit(base: str, page: str, timeout: float = 60.0, query: str = "") -> dict[str, object]:
    """One browser-like visit of ``base/page``: everything the server sent, as text."""
    ws_url = base.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
    texts: list[str] = []
    pages: list[str] = []
    titles: list[str] = []
    with connect(ws_url, subprotocols=["streamlit"], open_timeout=timeout) as ws:  # type: ignore[list-item]
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_name = page
        back.rerun_script.widget_states.SetInParent()
        ws.send(back.SerializeToString())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                raw = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break
            msg = ForwardMsg()
            msg.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            texts.append(str(msg))
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                pages = [p.page_name for p in msg.navigation.app_pages]
            elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "heading":
                heading = msg.delta.new_element.heading
                if heading.tag == "h1":
                    titles.append(heading.body)
            elif kind == "script_finished":
                break
    text = "\n".join(texts)
    for path in sorted(set(MEDIA.findall(text))):
        try:
            with urllib.request.urlopen(base.rstrip("/") + path, timeout=10) as response:
                text += "\n" + response.read().decode("utf-8", "replace")
        except OSError:
            pass
    return {"pages": pages, "titles": titles, "text": text}


def agent(base: str, page: str, timeout: float = 60.0) -> dict[str, object]:
    """One call of Streamlit's agent API (``server.enableAgentApi``) for ``page``: no browser,
    no WebSocket, and so no client address at all."""
    body = json.dumps({"page": page} if page else {}).encode()
    request = urllib.request.Request(
        base.rstrip("/") + "/_stcore/agent/interact",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode("utf-8", "replace")
    for path in sorted(set(re.findall(r'"((?:\.\./)*media/[^"\s]+)"', text))):
        url = base.rstrip("/") + "/" + path.lstrip("./")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                text += "\n" + response.read().decode("utf-8", "replace")
        except OSError:
            pass
    return {"status": status, "pages": [], "titles": [], "text": text}


def main(argv: list[str]) -> None:
    how = agent if argv[0] == "--agent" else visit
    base, *names = argv[1:] if argv[0] == "--agent" else argv
    print(json.dumps({name: how(base, name) for name in names}))


if __name__ == "__main__":
    main(sys.argv[1:])

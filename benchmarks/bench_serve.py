"""Benchmark `spinemets serve` for a class: N browser sessions at once on one machine.

    python benchmarks/bench_serve.py [--sessions 30] [--browser]

Starts `spinemets serve --port 0 --no-save`, then:

1. one session alone: time from opening the websocket to the first question received;
2. N sessions opened at once (a class logging in together): the same time for each;
3. memory of each session's process (RSS and PSS, /proc/PID/smaps_rollup) and the server's;
4. all N answer at once: time from the answer sent to the next question received;
5. SIGINT to the server: time until it has exited, and how many processes are left.

By default the sessions are websocket clients speaking textual-serve's protocol (what the
server sees from a browser, without the browsers' own cost on this machine). --browser
opens them as pages in one headless Chromium instead (Playwright, the system's Chromium).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser.serving import Served, alive  # noqa: E402

FIRST = b"Does the patient have cancer?"


def question_after(answer: str) -> bytes:
    """The start of the question asked after the first answer (from the dialogue engine)."""
    sys.path.insert(0, str(ROOT))
    from dialogs.manager import Conversation

    conversation = Conversation()
    conversation.start()
    [question] = [r.text for r in conversation.handle(answer) if r.kind == "question"]
    return question.splitlines()[0][:30].encode()


NEXT = question_after("known")


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return fields["Rss"], fields["Pss"]


async def read_until(ws, text: bytes, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    import aiohttp

    received = b""
    async with asyncio.timeout(timeout):
        while text not in received:
            message = await ws.receive()
            if message.type != aiohttp.WSMsgType.BINARY:
                raise RuntimeError(f"session ended: {message}")
            received += message.data


class WsSession:
    def __init__(self, client, port: int) -> None:  # type: ignore[no-untyped-def]
        self.client, self.port = client, port

    async def open(self) -> float:
        started = time.perf_counter()
        self.ws = await self.client.ws_connect(
            f"http://127.0.0.1:{self.port}/ws?width=120&height=40",
            headers={"Origin": f"http://127.0.0.1:{self.port}"})
        await read_until(self.ws, FIRST)
        return time.perf_counter() - started

    async def answer(self) -> float:
        started = time.perf_counter()
        await self.ws.send_str(json.dumps(["stdin", "known\r"]))
        await read_until(self.ws, NEXT)
        return time.perf_counter() - started

    async def close(self) -> None:
        await self.ws.close()


def ms(values: list[float]) -> str:
    values = sorted(values)
    return (f"median {statistics.median(values) * 1000:.0f} ms, "
            f"p90 {values[int(0.9 * (len(values) - 1))] * 1000:.0f} ms, "
            f"max {values[-1] * 1000:.0f} ms")


def report_memory(served: Served) -> None:
    pids = served.sessions()
    rss, pss = zip(*(memory_kb(pid) for pid in pids), strict=True)
    server_rss, _ = memory_kb(served.proc.pid)
    print(f"memory per session ({len(pids)} processes): RSS median "
          f"{statistics.median(rss) / 1024:.0f} MB, PSS median "
          f"{statistics.median(pss) / 1024:.0f} MB (PSS total {sum(pss) / 1024:.0f} MB); "
          f"server RSS {server_rss / 1024:.0f} MB")


def stop(served: Served) -> None:
    pids = served.sessions()
    started = time.perf_counter()
    status = served.stop(signal.SIGINT, timeout=60)
    took = time.perf_counter() - started
    left = [pid for pid in pids if alive(pid)]
    print(f"SIGINT with {len(pids)} sessions: server exited {status} after {took:.2f} s; "
          f"processes left: {len(left)}")


async def websocket_class(served: Served, count: int) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as client:
        alone = WsSession(client, served.port)
        first = await alone.open()
        await alone.close()
        while served.sessions():
            await asyncio.sleep(0.05)
        print(f"one session alone: first question after {first * 1000:.0f} ms")
        sessions = [WsSession(client, served.port) for _ in range(count)]
        started = time.perf_counter()
        starts = await asyncio.gather(*(s.open() for s in sessions))
        print(f"{count} sessions opened at once: first question {ms(list(starts))}; all "
              f"{count} ready after {time.perf_counter() - started:.1f} s")
        report_memory(served)
        answers = await asyncio.gather(*(s.answer() for s in sessions))
        print(f"{count} answers at once: next question {ms(list(answers))}")
        report_memory(served)
        stop(served)


def browser_class(served: Served, count: int) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from browser.conftest import NO_WEBGL, find_chromium
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise SystemExit("no Chromium: apt-get install -y --no-install-recommends chromium")
    wanted = "(r) => document.querySelector('.xterm-rows')?.innerText.includes(r)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable,
                                             args=["--no-sandbox", "--disable-gpu"])
        pages = []
        started = time.perf_counter()
        for _ in range(count):
            context = browser.new_context(viewport={"width": 1280, "height": 860})
            context.add_init_script(NO_WEBGL)
            context.route("**/fonts.googleapis.com/**", lambda route: route.abort())
            page = context.new_page()
            page.goto(served.url, wait_until="commit")
            pages.append(page)
        for page in pages:
            page.wait_for_function(wanted, arg=FIRST.decode(), timeout=120_000)
        print(f"{count} browser pages opened one after another: all showing the first "
              f"question after {time.perf_counter() - started:.1f} s")
        report_memory(served)
        started = time.perf_counter()
        for page in pages:
            page.focus(".xterm-helper-textarea")
            page.keyboard.type("known")
            page.keyboard.press("Enter")
        for page in pages:
            page.wait_for_function(wanted, arg=NEXT.decode(), timeout=120_000)
        print(f"{count} pages answered: all showing the next question after "
              f"{(time.perf_counter() - started) * 1000:.0f} ms")
        report_memory(served)
        stop(served)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browser", action="store_true",
                        help="open the sessions as Chromium pages, not websocket clients")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; {args.sessions} sessions; "
          f"{'Chromium pages' if args.browser else 'websocket clients'}")
    with Served("--no-save") as served:
        if args.browser:
            browser_class(served, args.sessions)
        else:
            asyncio.run(websocket_class(served, args.sessions))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The office console end to end, in a real browser: headless Chromium through Selenium
against `tsr play --output null --console 127.0.0.1:PORT` on a playlist made here.

Checks: without users the console refuses to start and says how to add one while the playout
runs; no session redirects to the login page; login; the thumbnail shows the screen's pixels
(a template of four known colours); an edit with a mistake shows the error at its line and
column and leaves playlist.toml unchanged; a fix is saved, reloaded (the as-run `edit` and
`reload` rows read back) and shown on the Now page; a change without the CSRF token is refused
(403); a viewer cannot change (403); the proof page shows the day's rows and the CSV
downloads; a picture is uploaded into images/ and a fake one or an MP3 refused; an MP4 made
here is uploaded into video/ (200) and a text named .mp4 refused (422, in English and in
Indonesian), a body over the bound refused before it is read (413); logins are
rate-limited (429); HTTPS with a certificate. Run by `meson test` (e2e-console).
Environment (from meson): TSR_EXE, GST_PLUGIN_PATH, ...; CHROMIUM, CHROMEDRIVER optional.
"""
import glob
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

TSR = os.environ.get("TSR_EXE", "build/tools/tsr")
FAILURES = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what, flush=True)
    if not cond:
        FAILURES.append(what)


# Four quadrants of known colours; the ticker band covers the bottom of the blue and yellow.
SOLID_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1920" height="1080" viewBox="0 0 1920 1080">
  <rect x="0" y="0" width="960" height="500" fill="#c81e1e"/>
  <rect x="960" y="0" width="960" height="500" fill="#1ec81e"/>
  <rect x="0" y="500" width="960" height="580" fill="#1e1ec8"/>
  <rect x="960" y="500" width="960" height="580" fill="#e6c81e"/>
</svg>
"""
COLOURS = {"red": (0.25, 0.25, (0xc8, 0x1e, 0x1e)), "green": (0.75, 0.25, (0x1e, 0xc8, 0x1e)),
           "blue": (0.25, 0.62, (0x1e, 0x1e, 0xc8)), "yellow": (0.75, 0.62, (0xe6, 0xc8, 0x1e))}

PLAYLIST = """[office]
name = "Kantor Uji Konsol"
timezone = "Asia/Jakarta"

[display]
width = 640
height = 360
framerate = 10

[[slide]]
template = "solid.svg"
duration = "30s"
title = "Warna"

[[activity]]
id = "apel"
title = "Apel Pagi"
start = 07:30:00
repeat = "daily"
"""
DURATION_LINE = 12  # duration = "30s" (1-based), its value at column 12


def png_bytes(w, h, rgb):
    """A PNG of one colour, written by hand (no imaging library needed)."""
    import struct
    import zlib
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def add_user(folder, name, role, password):
    r = subprocess.run([TSR, "user", "add", name, "--role", role, "--playlist", folder],
                       input=password + "\n", capture_output=True, text=True, timeout=60)
    check(r.returncode == 0 and "added " + name in r.stdout, "tsr user add %s (%s)" % (name, r.stderr.strip()))


def asrun_rows(folder):
    rows = []
    for f in sorted(glob.glob(os.path.join(folder, "asrun", "*.csv"))):
        with open(f, encoding="utf-8") as fh:
            rows += [line.rstrip("\n") for line in fh][1:]
    return rows


def wait_for(what, fn, timeout=20.0, step=0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = fn()
        if v:
            return v
        time.sleep(step)
    return fn()


def http(url, data=None, headers=None, opener=None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as e:
        return 0, str(e)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1280,900"):
        o.add_argument(a)
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=o)


def fetch_status(driver, url, body, token):
    """POST from inside the page (same origin, the session cookie): the HTTP status."""
    return driver.execute_async_script(
        """const [url, body, token, done] = arguments;
        const h = {'Content-Type': 'text/plain'};
        if (token !== null) h['X-CSRF-Token'] = token;
        fetch(url, {method: 'POST', credentials: 'same-origin', headers: h, body})
          .then(r => done(r.status)).catch(e => done(String(e)));""", url, body, token)


def size_text(n, indonesian=False):
    """The console's size of an upload (uploads.cpp console_size_text)."""
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return "%d MiB" % (n >> 20)
    if n >= 1024 and n % 1024 == 0:
        return "%d KiB" % (n >> 10)
    return "%d %s" % (n, "byte" if indonesian or n == 1 else "bytes")


def post_file(driver, token, folder, name, data, language=None):
    """POST /files from inside the page as the form does: [HTTP status, the page's text]."""
    return driver.execute_async_script(
        """const [token, folder, name, data, language, done] = arguments;
        const f = new FormData();
        f.append('csrf', token);
        f.append('folder', folder);
        f.append('file', new Blob([new Uint8Array(data)]), name);
        const headers = language ? {'Accept-Language': language} : {};
        fetch('/files', {method: 'POST', credentials: 'same-origin', headers, body: f})
          .then(r => r.text().then(t => {
            const d = new DOMParser().parseFromString(t, 'text/html');
            const e = d.getElementById('upload-result');
            done([r.status, e ? e.textContent : t]);
          })).catch(e => done([0, String(e)]));""", token, folder, name, list(data), language)


def raw_status(url, path, length, language):
    """A POST whose headers announce `length` bytes (Expect: 100-continue) and send none: the
    status and body the server answers with before reading it."""
    u = urllib.parse.urlparse(url)
    with socket.create_connection((u.hostname, u.port), timeout=10) as c:
        c.sendall(("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                   "Accept-Language: %s\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n" % (path, u.netloc, language, length)).encode())
        got = b""
        while b"</html>" not in got and not got.startswith(b"HTTP/1.1 100 "):
            part = c.recv(65536)
            if not part:
                break
            got += part
    head, _, body = got.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body.decode("utf-8", "replace")


def video_checks(driver, url, folder, work, upload):
    """A clip made here into video/; a text named .mp4 refused; too large refused unread."""
    clip = os.path.join(work, "warna.mp4")
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                    "color=c=red:s=160x120:r=10:d=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip], check=True)
    said = upload(clip, "video")
    size = os.path.getsize(clip)
    check(said == "video/warna.mp4 uploaded (%s); write its path in playlist.toml to use it" % size_text(size),
          "video upload: " + said)
    with open(os.path.join(folder, "video", "warna.mp4"), "rb") as f, open(clip, "rb") as g:
        check(f.read() == g.read(), "video upload: the file in video/ is the one sent")
    check("video/warna.mp4" in [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#files td")], "video upload: listed")
    token = driver.find_element(By.CSS_SELECTOR, "meta[name=csrf]").get_attribute("content")
    with open(clip, "rb") as f:
        status, said = post_file(driver, token, "video", "kedua.mp4", f.read())
    check(status == 200 and said.startswith("video/kedua.mp4 uploaded ("), "video upload: 200 (%s %s)" % (status, said))
    fake = b"bukan video, hanya teks\n"
    status, said = post_file(driver, token, "video", "palsu.mp4", fake)
    check(status == 422 and said == '"video/palsu.mp4" is not a video file (its content is not one); '
          'save it as MP4 (H.264 video, AAC sound) again; not uploaded', "a text named .mp4: 422 (%s %s)" % (status, said))
    # The console in Indonesian (the browser asks for it); the check's own reason is in tsr's
    # language, English here (the playlist writes no language).
    status, said = post_file(driver, token, "video", "palsu.mp4", fake, "id")
    check(status == 422 and said == '"video/palsu.mp4" is not a video file (its content is not one); '
          'save it as MP4 (H.264 video, AAC sound) again; tidak diunggah', "a text named .mp4, Indonesian: 422 (%s %s)" % (status, said))
    status, said = post_file(driver, token, "video", "film.avi", fake, "id")
    check(status == 422 and said == '"video/film.avi" bukan video untuk video/: unggah berkas .mp4 (video H.264, suara AAC); '
          'tidak diunggah', "an .avi, Indonesian: 422 (%s %s)" % (status, said))
    check(not os.path.exists(os.path.join(folder, "video", "palsu.mp4")) and
          not os.path.exists(os.path.join(folder, "video", "film.avi")), "refused videos are not stored")
    page = driver.execute_async_script(
        """fetch('/files', {credentials: 'same-origin', headers: {'Accept-Language': 'id'}})
          .then(r => r.text()).then(arguments[0]);""")
    check("Berkas (gambar .png, .jpg atau .svg atau suara, paling besar 32 MiB; video .mp4 paling lama 10 menit, "
          "atau dokumen .pdf, .pptx, .ppt atau .odp, paling besar 200 MiB)" in page
          and "<option>video</option>" in page and "<option>documents</option>" in page,
          "Indonesian: the Files page's form")
    status, body = raw_status(url, "/files", 200 * 1024 * 1024 + 65537, "id")
    check(status == 413 and "Ini lebih besar dari yang diterima konsol (200 MiB untuk video atau dokumen, 32 MiB untuk gambar atau suara)" in body,
          "over 200 MiB: 413 before it is read (%s %s)" % (status, body[-300:]))
    status, body = raw_status(url, "/files", 200 * 1024 * 1024, "en")
    check(status == 100, "200 MiB may be sent: 100 Continue (%s)" % status)


def now_text(driver, element_id):
    """An element's text on the Now page, read in one step: the page replaces its status every
    3 s, so an element found first may be gone when its text is asked for."""
    return driver.execute_script("const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", element_id)


def set_text(driver, text):
    """Puts `text` in the editor as a paste would, then types one key (a real input event)."""
    area = driver.find_element(By.ID, "text")
    driver.execute_script("arguments[0].value = arguments[1];", area, text[:-1])
    area.click()
    driver.execute_script("const a = arguments[0]; a.setSelectionRange(a.value.length, a.value.length);", area)
    area.send_keys(text[-1])


# The screen thumbnail's pixel at (fx, fy), fetched and read in the page (same origin).
SCREEN_PIXEL_JS = """const [fx, fy, done] = arguments;
fetch('/screen.png?t=' + Date.now(), {credentials: 'same-origin'})
  .then(r => r.ok ? r.blob() : null)
  .then(b => b ? createImageBitmap(b) : null)
  .then(img => {
    if (!img) return done(null);
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    const d = g.getImageData(Math.floor(fx * c.width), Math.floor(fy * c.height), 1, 1).data;
    done([d[0], d[1], d[2]]);
  }).catch(e => done(null));"""
ANNOUNCE_RED = (0x7a, 0x10, 0x10)  # announce.svg's background
BLUE = COLOURS["blue"][2]


def near(got, want, tolerance=6):
    return got is not None and all(abs(a - b) <= tolerance for a, b in zip(got, want))


def post_announce(driver, token, text, seconds):
    """POST /announce from inside the page as a form would (multipart); the HTTP status."""
    return driver.execute_async_script(
        """const [token, text, seconds, done] = arguments;
        const fd = new FormData();
        if (token !== null) fd.append('csrf', token);
        fd.append('text', text); fd.append('seconds', seconds);
        fetch('/announce', {method: 'POST', credentials: 'same-origin', body: fd})
          .then(r => done(r.status)).catch(e => done(String(e)));""", token, text, seconds)


def announce_checks(driver, url, folder):
    driver.get(url + "/announce")
    words = "Rapat staf dimulai pukul 10.00 di aula"
    # Without the CSRF token: refused, nothing shown.
    check(post_announce(driver, None, words, "5") == 403, "announce without the CSRF token: 403")
    check(post_announce(driver, "0" * 64, words, "5") == 403, "announce with a wrong CSRF token: 403")
    token = driver.find_element(By.CSS_SELECTOR, "meta[name=csrf]").get_attribute("content")
    check(post_announce(driver, token, words, "3") == 422, "announce for 3 s (under 5): 422")
    check(post_announce(driver, token, "  ", "30") == 422, "announce without words: 422")
    check(not [r for r in asrun_rows(folder) if ",announce," in r], "nothing announced by refused requests")
    pixel = lambda: driver.execute_async_script(SCREEN_PIXEL_JS, 0.02, 0.6)
    check(near(pixel(), BLUE), "before: the slide's blue at the left (%s)" % (pixel(),))

    driver.find_element(By.ID, "announce-text").send_keys(words)
    field = driver.find_element(By.ID, "announce-seconds")
    field.clear()
    field.send_keys("6")
    clicked = time.monotonic()
    driver.find_element(By.ID, "announce-button").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "announce-result"))
    answered = time.monotonic()
    said = driver.find_element(By.ID, "announce-result").text
    check(said.startswith("Announced; on the screen until "), "announce: " + said)
    # In the composed output (the frame the output got, thumbnail pixels) within 2 s.
    seen = wait_for("announcement on screen", lambda: near(pixel(), ANNOUNCE_RED), 10, 0.1)
    shown = time.monotonic()
    # The thumbnail may be up to 1.5 s old (the console refreshes it at most that often), and
    # the voice is made before the console takes it (about 0.5 s; more on a busy machine): the
    # bounds here are loose; the as-run row below times the frame at the output exactly.
    check(seen and shown - answered <= 3.0 and shown - clicked <= 6.0,
          "the announcement is in the thumbnail %.2f s after it was taken, %.2f s after the click"
          % (shown - answered, shown - clicked))
    # It ends by itself: the slide is back after its 6 s.
    back = wait_for("announcement over", lambda: near(pixel(), BLUE), 15, 0.2)
    over = time.monotonic()
    check(back and 5.0 <= over - shown <= 8.5, "the announcement ends by itself after %.1f s (6 s asked)" % (over - shown))
    rows = wait_for("announce row", lambda: [r for r in asrun_rows(folder) if ",announce," in r], 10)
    check(len(rows) == 1 and rows[0].endswith(',announce,ana,"%s (6 s, spoken)",played' % words),
          "as-run announce row with the user's name: %s" % rows)
    # Its first frame reached the output sink (actual) right after it was due (scheduled: 0.5 s
    # after the console took it): on screen within 2 s of Announce being taken.
    if rows:
        import datetime
        due, actual = (datetime.datetime.fromisoformat(x) for x in rows[0].split(",")[:2])
        late = (actual - due).total_seconds()
        check(0 <= late <= 1.0, "the announcement's first frame reached the output %.3f s after it was due" % late)
    driver.get(url + "/announce")
    check(words in driver.find_element(By.ID, "announce-last").text, "announce page: the last announcement")

    # A recording instead of the voice: a WAV made here, uploaded with the words.
    import math
    import struct
    import wave
    tone = os.path.join(os.path.dirname(folder), "nada.wav")
    with wave.open(tone, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 16000))) for i in range(16000)))
    driver.find_element(By.ID, "announce-text").send_keys("Rekaman uji")
    field = driver.find_element(By.ID, "announce-seconds")
    field.clear()
    field.send_keys("5")
    driver.find_element(By.ID, "announce-file").send_keys(tone)
    driver.find_element(By.ID, "announce-button").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "announce-result"))
    said = driver.find_element(By.ID, "announce-result").text
    check(said.startswith("Announced; on the screen until "), "announce a recording: " + said)
    check(wait_for("recording on screen", lambda: near(pixel(), ANNOUNCE_RED), 10, 0.1), "the recorded announcement is on the screen")
    rows = wait_for("announce row", lambda: [r for r in asrun_rows(folder) if ',announce,ana,"Rekaman' in r], 10)
    check(len(rows) == 1 and rows[0].endswith(',announce,ana,"Rekaman uji (5 s, recording nada.wav)",played'),
          "as-run row of the recorded announcement: %s" % rows)
    check(wait_for("back", lambda: near(pixel(), BLUE), 15, 0.2), "the recorded announcement ends by itself")
    leftovers = glob.glob(os.path.join(folder, ".tsr-cache", "announcements", "*"))
    check(leftovers == [], "no recording left in the cache (%s)" % leftovers)


def report_checks(driver, url, folder):
    month = sorted(n for n in os.listdir(os.path.join(folder, "asrun")) if n.endswith(".csv"))[-1][:7]
    driver.get(url + "/proof")
    check(driver.find_element(By.ID, "month").get_attribute("value") == month, "proof: this month chosen (%s)" % month)
    check(re.fullmatch(r"Days checked: \d+; none was altered\.", driver.find_element(By.ID, "verify").text) is not None,
          "proof: the sealed days verified (%s)" % driver.find_element(By.ID, "verify").text)
    get = """const [url, done] = arguments;
        fetch(url, {credentials: 'same-origin'}).then(r => r.arrayBuffer().then(b => done(
          [r.status, r.headers.get('Content-Type'), r.headers.get('Content-Disposition'),
           Array.from(new Uint8Array(b))]))).catch(e => done([0, String(e), '', []]));"""
    status, ctype, disposition, body = driver.execute_async_script(get, "/proof/report?month=%s&format=csv" % month)
    text = bytes(body).decode("utf-8", "replace")
    check(status == 200 and ctype == "text/csv; charset=utf-8" and disposition == 'attachment; filename="report-%s.csv"' % month,
          "report CSV: 200 text/csv (%s %s %s)" % (status, ctype, disposition))
    check(",Kantor Uji Konsol," in text.splitlines()[0] and
          any(line.startswith("Kegiatan,id,Dijadwalkan,Diputar,") for line in text.splitlines()),
          "report CSV: the office and the activities' header (%s)" % text.splitlines()[:4])
    status, ctype, _, body = driver.execute_async_script(get, "/proof/report?month=%s&format=pdf" % month)
    check(status == 200 and ctype == "application/pdf" and bytes(body[:5]) == b"%PDF-" and len(body) > 1000,
          "report PDF: 200 application/pdf, %d bytes starting %s" % (len(body), bytes(body[:8])))
    status, ctype, _, body = driver.execute_async_script(get, "/proof/report?month=%s&format=xlsx" % month)
    check(status == 200 and ctype.startswith("application/vnd.openxmlformats") and bytes(body[:2]) == b"PK",
          "report XLSX: 200, a zip (%s)" % ctype)
    status, _, _, _ = driver.execute_async_script(get, "/proof/report?month=2026-13&format=pdf")
    check(status == 400, "report of month 13: 400 (%s)" % status)


def indonesian_checks(url):
    o = webdriver.ChromeOptions()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=id"):
        o.add_argument(a)
    o.add_experimental_option("prefs", {"intl.accept_languages": "id,en;q=0.5"})
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=o)
    try:
        d.get(url + "/login")
        check(d.find_element(By.ID, "login").text == "Masuk" and d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id",
              "Indonesian: the login page (%s)" % d.find_element(By.ID, "login").text)
        d.find_element(By.ID, "name").send_keys("vic")
        d.find_element(By.ID, "password").send_keys("sandi-rahasia-2")
        d.find_element(By.ID, "login").click()
        WebDriverWait(d, 20).until(lambda x: x.current_url == url + "/")
        d.get(url + "/announce")
        tabs = [a.text for a in d.find_elements(By.CSS_SELECTOR, "header nav a")]
        check(tabs == ["Sekarang", "Jadwal", "Playlist", "Berkas", "Pengumuman", "Bukti Tayang"], "Indonesian: the tabs %s" % tabs)
        check(d.find_element(By.ID, "who").text == "vic (penonton)", "Indonesian: the role (%s)" % d.find_element(By.ID, "who").text)
        check(d.find_element(By.TAG_NAME, "h1").text == "Pengumuman" and
              "Hanya editor yang dapat membuat pengumuman." in d.find_element(By.TAG_NAME, "main").text,
              "Indonesian: the announce page (%s)" % d.find_element(By.TAG_NAME, "main").text[:120])
        # The editor's script takes its words from the page.
        d.get(url + "/edit")
        status = d.find_element(By.ID, "status")
        said = [status.get_attribute(a) for a in ("data-saving", "data-not-saved", "data-not-checked", "data-logged-out")]
        check(said == ["menyimpan…", "tidak disimpan:", "tidak diperiksa:", "belum masuk"], "Indonesian: the editor's words %s" % said)

    finally:
        d.quit()


def main():
    work = tempfile.mkdtemp(prefix="tsr-console-")
    folder = os.path.join(work, "kantor")
    os.mkdir(folder)
    with open(os.path.join(folder, "solid.svg"), "w") as f:
        f.write(SOLID_SVG)
    toml = os.path.join(folder, "playlist.toml")
    with open(toml, "w") as f:
        f.write(PLAYLIST)
    play = None
    driver = None
    try:
        # Without users: the console is refused, with how to add one; the playout runs.
        port = free_port()
        r = subprocess.run([TSR, "play", folder, "--output", "null", "--duration", "2s",
                            "--console", "127.0.0.1:%d" % port], capture_output=True, text=True,
                           timeout=60)
        check(r.returncode == 0, "play without users exits 0 (%d)" % r.returncode)
        check("the console is not started: no users in " + os.path.join(folder, ".tsr", "users") +
              "; add one with: tsr user add NAME --role admin" in r.stderr,
              "without users: says how to add one: " + r.stderr.strip()[-160:])
        check(any(",start,," in row for row in asrun_rows(folder)), "without users: the playout ran")
        shutil.rmtree(os.path.join(folder, "asrun"))

        add_user(folder, "ana", "editor", "sandi-rahasia-1")
        add_user(folder, "vic", "viewer", "sandi-rahasia-2")
        mode = os.stat(os.path.join(folder, ".tsr", "users")).st_mode & 0o777
        check(mode == 0o600, "users file mode 0600 (%o)" % mode)

        # Every address asked for on a PC with no network but loopback (as the hardened unit
        # without its console drop-in): said, with the drop-in to install.
        if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
            r = subprocess.run(["unshare", "-n", TSR, "play", folder, "--output", "null",
                                "--duration", "2s", "--console", "0.0.0.0:%d" % free_port()],
                               capture_output=True, text=True, timeout=60)
            check("tsr play: this PC has no network address but its own, so only this PC "
                  "reaches the console; under systemd the tsr service is cut off from the "
                  "network unless " in r.stderr and "/tsr/console.conf is installed (see "
                  "docs/console.md)" in r.stderr,
                  "no network: says so: " + r.stderr.strip()[-300:])
            shutil.rmtree(os.path.join(folder, "asrun"), ignore_errors=True)

        # HTTPS with --console-cert/--console-key: the cookie is Secure too.
        cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                        "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"], check=True,
                       capture_output=True, timeout=60)
        port = free_port()
        tls = subprocess.Popen([TSR, "play", folder, "--output", "null", "--console",
                                "127.0.0.1:%d" % port, "--console-cert", cert, "--console-key", key],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            import ssl
            ctx = ssl.create_default_context(cafile=cert)
            ctx.check_hostname = False
            opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx),
                                                 NoRedirect())
            up = wait_for("https", lambda: http("https://127.0.0.1:%d/login" % port, opener=opener)[0] == 200, 30)
            check(up, "HTTPS console answers")
            req = urllib.request.Request("https://127.0.0.1:%d/login" % port,
                                         data=b"name=ana&password=sandi-rahasia-1")
            try:
                opener.open(req, timeout=30)
                cookie = ""
            except urllib.error.HTTPError as e:
                cookie = e.headers.get("Set-Cookie", "")
            check(cookie.endswith("; HttpOnly; SameSite=Strict; Max-Age=43200; Secure"),
                  "HTTPS: the session cookie is Secure (%s)" % cookie[-60:])
            check(http("http://127.0.0.1:%d/login" % port)[0] == 0, "HTTPS: plain HTTP is not served")
        finally:
            tls.send_signal(signal.SIGINT)
            tls.wait(10)

        port = free_port()
        url = "http://127.0.0.1:%d" % port
        log = open(os.path.join(work, "play.log"), "w")
        play = subprocess.Popen([TSR, "play", folder, "--output", "null",
                                 "--console", "127.0.0.1:%d" % port], stdout=log, stderr=log)
        up = wait_for("console", lambda: http(url + "/login")[0] == 200 if play.poll() is None else True, 30)
        check(up and play.poll() is None, "console answers on " + url)

        driver = browser()
        # No session: every page leads to the login page.
        for page in ("/", "/schedule", "/edit", "/proof"):
            driver.get(url + page)
            check(driver.current_url == url + "/login", "no session: %s redirects to /login (%s)" % (page, driver.current_url))
        status, _ = http(url + "/save", data=b"x", headers={"Content-Type": "text/plain"})
        check(status == 401, "no session: POST /save is 401 (%d)" % status)

        # Log in.
        driver.find_element(By.ID, "name").send_keys("ana")
        driver.find_element(By.ID, "password").send_keys("sandi-rahasia-1")
        driver.find_element(By.ID, "login").click()
        WebDriverWait(driver, 20).until(lambda d: d.current_url == url + "/")
        check(driver.find_element(By.ID, "who").text == "ana (editor)", "logged in as ana (editor)")
        cookie = driver.get_cookie("tsr_session")
        check(cookie is not None and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict",
              "session cookie HttpOnly, SameSite=Strict (%s)" % {k: cookie.get(k) for k in ("httpOnly", "sameSite")} if cookie else "no cookie")
        check(cookie is not None and re.fullmatch("[0-9a-f]{64}", cookie["value"]) is not None, "session id: 64 hex digits")

        # The thumbnail is the screen: its pixels, read in the browser from the <img>.
        def pixels():
            return driver.execute_script(
                """const img = document.getElementById('screen');
                if (!img.complete || img.naturalWidth === 0) return null;
                const c = document.createElement('canvas');
                c.width = img.naturalWidth; c.height = img.naturalHeight;
                const g = c.getContext('2d'); g.drawImage(img, 0, 0);
                const out = {w: c.width, h: c.height};
                for (const [k, fx, fy] of arguments[0]) {
                  const d = g.getImageData(Math.floor(fx * c.width), Math.floor(fy * c.height), 1, 1).data;
                  out[k] = [d[0], d[1], d[2]];
                }
                return out;""", [[k, v[0], v[1]] for k, v in COLOURS.items()])
        px = wait_for("thumbnail", pixels, 30, 0.5)
        check(px is not None and px["w"] == 480 and px["h"] == 270, "thumbnail 480x270 (%s)" % str(px))
        for k, (_, _, want) in COLOURS.items():
            got = px and px.get(k)
            check(got is not None and all(abs(a - b) <= 4 for a, b in zip(got, want)),
                  "thumbnail %s quadrant is %s (%s)" % (k, want, got))
        check("slide 1, solid.svg: Warna" in now_text(driver, "slide"), "Now: the slide on screen")

        # An edit with a mistake: the error at its line and column; the file unchanged.
        driver.get(url + "/edit")
        text = driver.find_element(By.ID, "text").get_attribute("value")
        check(text == PLAYLIST, "the editor holds playlist.toml")
        bad = PLAYLIST.replace('duration = "30s"', 'duration = "30x"')
        set_text(driver, bad)
        want = 'playlist.toml:%d:12: error: duration: "30x" is not a duration' % DURATION_LINE
        problems = lambda: [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#problems li")]
        got = wait_for("check", lambda: [p for p in problems() if p.startswith(want)], 20)
        check(bool(got), "checked as typed: %s (%s)" % (want, problems()))
        marked = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#gutter .err")]
        check(marked == [str(DURATION_LINE)], "the line number %d is marked (%s)" % (DURATION_LINE, marked))
        driver.find_element(By.ID, "save").click()
        status_text = lambda: driver.find_element(By.ID, "status").text
        got = wait_for("save refused", lambda: "not saved" in status_text(), 20)
        check(got, "save with a mistake refused: " + status_text())
        with open(toml) as f:
            check(f.read() == PLAYLIST, "playlist.toml unchanged after the refused save")

        # A change without the CSRF token, or with a wrong one: 403, nothing written.
        good = PLAYLIST.replace('duration = "30s"', 'duration = "20s"').replace('"Warna"', '"Warna Baru"')
        check(fetch_status(driver, "/save", good, None) == 403, "save without the CSRF token: 403")
        check(fetch_status(driver, "/save", good, "0" * 64) == 403, "save with a wrong CSRF token: 403")
        with open(toml) as f:
            check(f.read() == PLAYLIST, "playlist.toml unchanged after the refused changes")

        # The fix: saved, reloaded, logged with the user's name.
        set_text(driver, good)
        wait_for("ok", lambda: status_text().startswith("ok"), 20)
        driver.find_element(By.ID, "save").click()
        got = wait_for("saved", lambda: status_text().startswith("saved"), 20)
        check(got, "the fix is saved: " + status_text())
        with open(toml) as f:
            check(f.read() == good, "playlist.toml holds the fix")
        rows = wait_for("rows", lambda: [r for r in asrun_rows(folder) if ",reload," in r and "saved in the console by ana" in r], 20)
        check(bool(rows) and rows[0].endswith(",played"), "as-run reload row: %s" % rows)
        edits = [r for r in asrun_rows(folder) if ",edit,ana," in r]
        check(len(edits) == 1 and edits[0].endswith(",edit,ana,playlist.toml saved in the console,played"),
              "as-run edit row with the user's name: %s" % edits)
        driver.get(url + "/")
        check("Warna Baru" in now_text(driver, "slide"), "Now: the reloaded slide (%s)" % now_text(driver, "slide"))
        check("saved in the console by ana): played" in now_text(driver, "reload"),
              "Now: the last reload (%s)" % now_text(driver, "reload"))

        # Schedule and proof.
        driver.get(url + "/schedule")
        today = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in driver.find_elements(By.CSS_SELECTOR, "#today tr")][1:]
        week = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in driver.find_elements(By.CSS_SELECTOR, "#week tr")][1:]
        check(len(today) == 1 and today[0][0].endswith(" 07:30:00") and today[0][1:4] == ["start", "apel", "Apel Pagi"],
              "schedule: today's start of the daily activity (%s)" % today)
        check(len(week) == 7 and all(r[0].endswith(" 07:30:00") and r[2] == "apel" for r in week) and len({r[0][:10] for r in week}) == 7,
              "schedule: the week, one start a day (%d rows)" % len(week))
        driver.get(url + "/proof")
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#asrun tr td")]
        check("edit" in cells and "ana" in cells, "proof: the edit row is shown")
        href = driver.find_element(By.ID, "csv").get_attribute("href")
        csv = driver.execute_async_script(
            "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(arguments[1]);", href)
        check(csv.startswith("scheduled,actual,kind,id,detail,outcome\n") and ",edit,ana," in csv, "proof: the CSV downloads")

        # Files: a picture is uploaded into images/; a fake one and a wrong kind are refused.
        good_png = os.path.join(work, "merah.png")
        with open(good_png, "wb") as f:
            f.write(png_bytes(64, 36, (200, 30, 30)))
        fake_png = os.path.join(work, "palsu.png")
        with open(fake_png, "w") as f:
            f.write("bukan gambar\n")
        mp3 = os.path.join(work, "lagu.mp3")
        with open(mp3, "wb") as f:
            f.write(b"ID3" + bytes(64))

        def upload(path, folder_name):
            driver.get(url + "/files")
            driver.find_element(By.CSS_SELECTOR, "#folder option[value='%s'], #folder" % folder_name)
            driver.execute_script("document.getElementById('folder').value = arguments[0];", folder_name)
            driver.find_element(By.ID, "file").send_keys(path)
            driver.find_element(By.ID, "upload-button").click()
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "upload-result"))
            return driver.find_element(By.ID, "upload-result").text
        said = upload(good_png, "images")
        check(said == "images/merah.png uploaded (%d bytes); write its path in playlist.toml to use it" % os.path.getsize(good_png),
              "upload: " + said)
        with open(os.path.join(folder, "images", "merah.png"), "rb") as f, open(good_png, "rb") as g:
            check(f.read() == g.read(), "upload: the file in images/ is the one sent")
        check("images/merah.png" in [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#files td")], "upload: listed")
        check(any(r.endswith(",edit,ana,uploaded images/merah.png,played") for r in asrun_rows(folder)),
              "upload: an as-run edit row with the user's name")
        said = upload(fake_png, "images")
        check(said.startswith('"images/palsu.png" is not a PNG, JPEG or SVG picture') and said.endswith("; not uploaded")
              and not os.path.exists(os.path.join(folder, "images", "palsu.png")), "upload of a fake picture refused: " + said)
        said = upload(mp3, "audio")
        check(said.startswith('"audio/lagu.mp3" ') and said.endswith("; not uploaded")
              and not os.path.exists(os.path.join(folder, "audio", "lagu.mp3")),
              "upload of an MP3 that does not decode refused by its content: " + said)
        # A WhatsApp voice note (Ogg/Opus) is a sound the playlist plays: taken.
        voice = os.path.join(work, "pesan.ogg")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
                        "-c:a", "libopus", voice], check=True, timeout=60)
        said = upload(voice, "audio")
        check(said == "audio/pesan.ogg uploaded (%d bytes); write its path in playlist.toml to use it" % os.path.getsize(voice)
              and os.path.exists(os.path.join(folder, "audio", "pesan.ogg")), "a voice note (Ogg/Opus) uploads: " + said)
        video_checks(driver, url, folder, work, upload)
        leftovers = [n for d in ("images", "audio", "video") if os.path.isdir(os.path.join(folder, d))
                     for n in os.listdir(os.path.join(folder, d)) if n.startswith(".")]
        check(leftovers == [], "upload: no temporary file left (%s)" % leftovers)

        # Announce: the words on a full-screen slide at once, in the composed output, ending by
        # itself; an as-run row with the user's name.
        announce_checks(driver, url, folder)
        # Proof: the month's report downloads (tsr report's writers), the sealed days checked.
        report_checks(driver, url, folder)

        # Log out: the session ends.
        driver.find_element(By.CSS_SELECTOR, "form.who button").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url == url + "/login")
        driver.get(url + "/edit")
        check(driver.current_url == url + "/login", "after logout: back to login")

        # A viewer may look, not change.
        driver.find_element(By.ID, "name").send_keys("vic")
        driver.find_element(By.ID, "password").send_keys("sandi-rahasia-2")
        driver.find_element(By.ID, "login").click()
        WebDriverWait(driver, 20).until(lambda d: d.current_url == url + "/")
        driver.get(url + "/edit")
        check(driver.find_element(By.ID, "text").get_attribute("readonly") is not None and not driver.find_elements(By.ID, "save"),
              "viewer: the playlist is read-only, no Save")
        token = driver.find_element(By.CSS_SELECTOR, "meta[name=csrf]").get_attribute("content")
        check(fetch_status(driver, "/save", PLAYLIST, token) == 403, "viewer: save with a valid token is 403")
        check(fetch_status(driver, "/check", PLAYLIST, token) == 403, "viewer: check is 403")
        with open(toml) as f:
            check(f.read() == good, "playlist.toml unchanged by the viewer")
        check(not driver.find_elements(By.ID, "upload") if driver.get(url + "/files") is None else False,
              "viewer: no upload form")
        code = driver.execute_async_script(
            """const fd = new FormData(); fd.append('csrf', arguments[0]); fd.append('folder', 'images');
            fd.append('file', new Blob([arguments[1]]), 'biru.png');
            fetch('/files', {method: 'POST', credentials: 'same-origin', body: fd}).then(r => arguments[2](r.status));""",
            token, "x")
        check(code == 403 and not os.path.exists(os.path.join(folder, "images", "biru.png")), "viewer: upload is 403 (%s)" % code)
        before = len([r for r in asrun_rows(folder) if ",announce," in r])
        code = post_announce(driver, token, "Pengumuman dari penonton", "5")
        check(code == 403, "viewer: announce is 403 (%s)" % code)
        driver.get(url + "/announce")
        check(not driver.find_elements(By.ID, "announce"), "viewer: no announce form")
        time.sleep(1.5)
        check(len([r for r in asrun_rows(folder) if ",announce," in r]) == before, "viewer: nothing announced")

        # Indonesian: a browser that prefers it gets the console in Indonesian.
        indonesian_checks(url)

        # Login attempts are rate-limited per address: 5 failures, then 429 even for the right one.
        codes = [http(url + "/login", data=urllib.parse.urlencode({"name": "ana", "password": "salah-%d" % i}).encode())[0] for i in range(5)]
        check(codes == [401] * 5, "five wrong passwords: 401 each (%s)" % codes)
        code = http(url + "/login", data=urllib.parse.urlencode({"name": "ana", "password": "sandi-rahasia-1"}).encode())[0]
        check(code == 429, "the sixth login from the address: 429 (%d)" % code)
        check(play.poll() is None, "tsr play still runs")
    finally:
        if driver:
            driver.quit()
        if play and play.poll() is None:
            play.send_signal(signal.SIGINT)
            try:
                play.wait(10)
            except subprocess.TimeoutExpired:
                play.kill()
        if play:
            check(play.returncode == 0, "tsr play stopped cleanly (%s)" % play.returncode)
            if FAILURES:
                with open(os.path.join(work, "play.log")) as f:
                    print("--- tsr play said:\n" + f.read())
        shutil.rmtree(work, ignore_errors=True)
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())

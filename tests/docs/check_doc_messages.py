#!/usr/bin/python3
"""The messages docs/playlist.md and docs/playlist.id.md quote are what `tsr check` prints.

Each case below is a small playlist (and the files it names, made here) that makes one
quoted message. `tsr check` runs on it in English and in Indonesian (LANGUAGE); the English
line must be in playlist.md and the Indonesian one in playlist.id.md, as `KEY: text` (line
numbers inside the text, "on line 22" / "di baris 22", may differ). And every message quoted
in playlist.id.md must be made by a case here (or be one of the two listed in HAND, which
need a tool this machine does not lack or a password-protected PDF). Run by `meson test`
(docs-messages). Environment: TSR_EXE, TSR_SOURCE_ROOT.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TSR = os.environ.get("TSR_EXE", "build/tools/tsr")
ROOT = os.environ.get("TSR_SOURCE_ROOT", ".")
# Quoted in playlist.id.md from the catalog (po/id.po), not made here: a password-protected
# PDF, and a video whose decoder is missing (this machine has them all).
HAND = ['document: "materi/kunci.pdf" dilindungi kata sandi', 'video: "video/hevc.mp4" tidak dapat diputar',
        # an own template with five problems, a TOML line broken mid-way, the as-run reload row
        'template: "templates/own.svg"', 'audio: baris ini bukan TOML yang sah', 'start: ... (']

B = '[office]\nname = "Kantor"\ntimezone = "Asia/Jakarta"\n'
S = '[[slide]]\ntemplate = "info"\nduration = "15s"\ntitle = "x"\n'
def A(body, reminders=None):
    return B + S + '[[activity]]\ntitle = "Rapat"\n' + body
def R(rem):
    return B + S + '[[activity]]\ntitle = "Rapat"\nstart = 2027-01-04T09:00:00\nreminders = [ ' + rem + ' ]\n'
def SL(body):
    return B + '[[slide]]\n' + body
# a name (the line in playlist.id.md when it was written) -> (playlist, files)
C = {
 50: ('[kantor]\nname = "x"\n' + B + S, {}),
 125: ('[office]\ntimezone = "Asia/Jakarta"\n' + S, {}),
 126: ('[office]\nname = ""\ntimezone = "Asia/Jakarta"\n' + S, {}),
 127: ('[office]\nname = "K"\ntimezone = "UTC+7"\n' + S, {}),
 128: (B + 'language = "jv"\n' + S, {}),
 129: (B + 'logo = "images/logo.svg"\n' + S, {"images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'><rect</svg>"}),
 130: (B + 'colour = 1\n' + S, {}),
 175: (B + '[display]\nwidth = 1921\nheight = 1080\n' + S, {}),
 176: (B + '[display]\nframerate = 0\n' + S, {}),
 177: (B + '[display]\nwidth = "1920"\n' + S, {}),
 178: (B + '[display]\nreminder_slide_min = "20m"\n' + S, {}),
 179: (B + '[display]\noverdue = "shw"\n' + S, {}),
 205: (B + '[ticker]\nspeed = "fast"\n' + S, {}),
 206: (B + '[ticker]\nmessages = "halo"\n' + S, {}),
 207: (B + '[ticker]\nfile = "../ticker.txt"\n' + S, {}),
 208: (B + '[ticker]\nagenda = "yes"\n' + S, {}),
 233: (B + '[audio]\nchime = "audio/none.m4a"\n' + S, {}),
 234: (B + '[audio]\nbackground = ["audio/lagu.mp3"]\n' + S, {"audio/lagu.mp3": "bukan suara sama sekali, hanya teks biasa\n" * 20}),
 235: (B + '[audio]\nduck = 1,5\n' + S, {}),
 236: (B + '[audio]\nvolume = 3\n' + S, {}),
 268: (B + '[audio]\nquiet = [ { hours = "13:00-11:30", days = ["jumat"] } ]\n' + S, {}),
 269: (B + '[audio]\nquiet = [ { hours = "11:30-25:00", days = ["jumat"] } ]\n' + S, {}),
 270: (B + '[audio]\nquiet = [\n  { hours = "11:30-13:00", days = ["jumat"] },\n  { hours = "12:45-13:30", days = ["jumat"] },\n]\n' + S, {}),
 271: (B + '[audio]\nquiet = [ { days = ["jumat"] } ]\n' + S, {}),
 334: (B + S + '[[activity]]\ntitle = "R"\ntitel = "R"\nstart = 09:00:00\nrepeat = "daily"\n', {}),
 335: (B + S + '[[activity]]\nstart = 09:00:00\nrepeat = "daily"\n', {}),
 336: (B + S + '[[activity]]\ntitle = ""\nstart = 09:00:00\nrepeat = "daily"\n', {}),
 337: (A('repeat = "daily"\n'), {}),
 338: (A('start = "25:00"\n'), {}),
 339: (A('start = 09:00:00\n'), {}),
 340: (A('start = 2026-11-30T09:00:00\nrepeat = "daily"\n'), {}),
 341: (A('start = 2026-12-30T09:00:00+07:00\n'), {}),
 342: (A('deadline = 2027-01-04T09:00:00\nend = 2027-01-04T10:00:00\n'), {}),
 343: (A('start = 2026-11-30T09:00:00\nend = 2026-11-30T08:00:00\n'), {}),
 344: (A('start = 2026-11-30T09:00:00\ndeadline = 2028-11-30T09:00:00\n'), {}),
 345: (A('id = "rapat tim"\nstart = 09:00:00\nrepeat = "daily"\n'), {}),
 346: (A('id = "a"\nstart = 09:00:00\nrepeat = "daily"\n') + '[[activity]]\ntitle = "B"\nid = "a"\nstart = 10:00:00\nrepeat = "daily"\n', {}),
 347: (A('start = 09:00:00\nrepeat = "weekley"\n'), {}),
 348: (A('start = 09:00:00\nrepeat = "weekly"\n'), {}),
 349: (A('start = 09:00:00\nrepeat = "weekly"\ndays = ["senen"]\n'), {}),
 350: (A('start = 09:00:00\nrepeat = "daily"\ndays = ["senin"]\n'), {}),
 351: (A('start = 09:00:00\nrepeat = "monthly"\n'), {}),
 352: (A('start = 09:00:00\nrepeat = "monthly"\nday = 40\n'), {}),
 353: (A('start = 2027-01-04T09:00:00\nfrom = 2026-01-01\n'), {}),
 354: (A('start = 09:00:00\nrepeat = "daily"\nfrom = 2026-06-01\nuntil = 2026-01-01\n'), {}),
 355: (A('start = 2027-01-04T09:00:00\nprogress = 120\n'), {}),
 356: (A('start = 09:00:00\nrepeat = "daily"\nfrom = 1999-01-01\n'), {}),
 362: (A('id = "rapat-lama"\nstart = 2026-11-01T09:00:00\n'), {}),
 363: (A('id = "apel-pagi"\nstart = 07:30:00\nrepeat = "daily"\nuntil = 2026-11-20\n'), {}),
 418: (R('{ before = "61d", say = "x" }'), {}),
 419: (R('{ before = 15m, say = "x" }'), {}),
 420: (R('{ say = "x" }'), {}),
 421: (R('{ before = "15m" }'), {}),
 423: (R('{ before = "15m", say = "x", audio = "audio/a.m4a" }'), {}),
 424: (R('{ before = "15m", say = "x", repeat = 4 }'), {}),
 425: (R('{ before = "15m", say = "x", at = "8:75" }'), {}),
 426: (R('{ before = "15m", say = "x", chime = "no" }'), {}),
 427: (B + S + '[[activity]]\ntitle = "Rapat"\nstart = 2027-01-04T09:00:00\nreminders = [\n' + ''.join('{ before = "%dm", say = "x" },\n' % i for i in range(21)) + ']\n', {}),
 471: (SL('template = "agendas"\nduration = "15s"\n'), {}),
 472: (SL('duration = "15s"\n'), {}),
 473: (SL('template = "info"\ntitle = "x"\n'), {}),
 474: (SL('template = "info"\nduration = "15"\n'), {}),
 475: (SL('template = "info"\nduration = "25h"\n'), {}),
 476: (SL('template = "info"\nduration = "0s"\n'), {}),
 477: (SL('template = "image"\nduration = "15s"\n'), {}),
 478: (SL('template = "image"\nduration = "15s"\nimage = "images/x.gif"\n'), {"images/x.gif": "GIF89a" + "\0" * 40}),
 479: (SL('template = "info"\nduration = "15s"\nhours = "12:00-07:30"\n'), {}),
 480: (SL('template = "info"\nduration = "15s"\nhours = "7-8"\n'), {}),
 481: (SL('template = "info"\nduration = "15s"\nfrom = 2026-06-01\nuntil = 2026-01-01\n'), {}),
 482: (SL('template = "info"\nduration = "15s"\ndays = []\n'), {}),
 483: (B, {}),
 486: (B + S + '[[slide]]\ntemplate = "info"\nduration = "15s"\ntitle = "y"\nuntil = 2026-11-01\n', {}),
 422: (R('{ before = "15m", audio = "audio/rapat.m4a" }'), {"audio/rapat.m4a": "TRUNCM4A"}),
 514: (SL('document = "materi/tiga.pdf"\npages = "1-3,5"\n'), {"materi/tiga.pdf": "PDF3"}),
 515: (SL('document = "materi/deck.pptx"\n'), {"materi/deck.pptx": "PPTX", "PATH": "/nonexistent"}),
 554: (SL('video = "video/film.mp4"\n'), {"video/film.mp4": "LONG"}),
 587: ('[office]\nname = "Kantor"\n' + S, {"TZ": "Etc/UTC"}),
 658: (B + S + '[[activity]]\ntitle = "' + 'x' * 201 + '"\nstart = 09:00:00\nrepeat = "daily"\n', {}),
 659: (B + S + ''.join('[[activity]]\ntitle = "R"\nstart = 09:00:00\nrepeat = "daily"\n' for i in range(5001)), {}),
 670: (B + S + '[[activity]]\ntitle = Rapat\nstart = 09:00:00\nrepeat = "daily"\n', {}),
 671: (A('place = "Aula\nstart = 09:00:00\nrepeat = "daily"\n'), {}),
 672: (B + S + '[ticker]\nmessages = ["a", "b"\nspeed = 40\n', {}),
 673: (A('start = 09:00\nrepeat = "daily"\n'), {}),
 674: (A('start = 2026-11-30 9:00\n'), {}),
 675: (A('start = 2027-01-04T09:00:00\nprogress = 40%\n'), {}),
 676: (B + '[audio]\nduck = 1,5\n' + S, {}),
 677: (R('{ before = 15m, say = "x" }'), {}),
 678: (SL('template = "image"\nduration = "15s"\nimage = "images\\logo.svg"\n'), {}),
 679: ('[office]\nname = "K"\ntimezone = "Asia/Jakarta"\nname = "L"\n' + S, {}),
 680: (B + S + '[[activity]]\ntitle = "Rapat"\nstart = 2027-01-04T09:00:00\nreminders = [ { before = "15m", say = "x" ]\n', {}),
 811: (A('start = "25:00"\n'), {}),
 550: (SL('video = "video/hilang.mp4"\n'), {}),
 551: (SL('video = "video/palsu.mp4"\n'), {"video/palsu.mp4": "bukan video, hanya teks\n"}),
 552: (SL('video = "video/suara.mp4"\n'), {"video/suara.mp4": "TONE"}),
 555: (SL('video = "video/besar.mp4"\n'), {"video/besar.mp4": "SPARSE"}),
 556: (SL('template = "image"\nvideo = "video/ok.mp4"\n'), {"video/ok.mp4": "CLIP"}),
 557: (SL('video = "video/ok.mp4"\nduration = "10s"\n'), {"video/ok.mp4": "CLIP"}),
}

LINE = re.compile(r"^\S+?:\d+:\d+: (error|warning): ([A-Za-z_]+): (.*)$")


def run(folder, lang, path=None, tz="UTC"):
    env = dict(os.environ, LANGUAGE=lang, LC_ALL="C.UTF-8", TZ=tz)
    if path:
        env["PATH"] = path
    p = subprocess.run([TSR, "check", os.path.join(folder, "playlist.toml")], capture_output=True, text=True, env=env)
    out = []
    for l in (p.stdout + p.stderr).replace(folder, "/srv/tsr/playlist").splitlines():
        m = LINE.match(l)
        if m:
            out.append(m.groups())
    return out


def norm(s):
    return re.sub(r"(line|baris) \d+", r"\1 N", s)


def make(folder, files):
    env_path = files.get("PATH")
    for name, content in files.items():
        if name in ("PATH", "TZ"):
            continue
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if content == "TONE":
            subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "sine=f=440:d=1", "-c:a", "aac", "-f", "mp4", path], check=True)
        elif content == "CLIP":
            subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:s=64x48:r=5:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", path], check=True)
        elif content == "TRUNCM4A":
            subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "sine=f=440:d=3", "-c:a", "aac", "-f", "mp4", path], check=True)
            size = os.path.getsize(path)
            with open(path, "r+b") as f:
                f.truncate(size * 2 // 3)
        elif content == "LONG":
            subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:s=16x16:r=1:d=2530", "-c:v", "libx264", "-pix_fmt", "yuv420p", path], check=True)
        elif content == "PDF3":
            objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>"]
            objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>"] * 3
            out = b"%PDF-1.4\n"
            offs = []
            for k, o in enumerate(objs):
                offs.append(len(out))
                out += b"%d 0 obj\n" % (k + 1) + o + b"\nendobj\n"
            x = len(out)
            out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
            for o in offs:
                out += b"%010d 00000 n \n" % o
            out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
            with open(path, "wb") as f:
                f.write(out)
        elif content == "PPTX":
            with open(path, "wb") as f:
                f.write(b"PK\x03\x04" + bytes(100))
        elif content == "SPARSE":
            with open(path, "wb") as f:
                f.truncate(3_200_000_000)
        else:
            with open(path, "w") as f:
                f.write(content)
    return env_path


def main():
    en_doc = norm(open(os.path.join(ROOT, "docs", "playlist.md")).read())
    id_doc = norm(open(os.path.join(ROOT, "docs", "playlist.id.md")).read())
    failures, made = [], []
    for n, (toml, files) in sorted(C.items()):
        folder = tempfile.mkdtemp(prefix="tsr-doc-")
        try:
            with open(os.path.join(folder, "playlist.toml"), "w") as f:
                f.write(toml)
            path = make(folder, files)
            tz = files.get("TZ", "UTC")
            en, ind = run(folder, "en", path, tz), run(folder, "id", path, tz)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if len(en) != len(ind):
            failures.append("case %d: %d English, %d Indonesian messages" % (n, len(en), len(ind)))
            continue
        hit = [i for i, (kind, key, text) in enumerate(en) if norm("%s: %s: %s" % (kind, key, text)) in en_doc]
        if not hit:
            failures.append("case %d: playlist.md quotes none of %s" % (n, en))
            continue
        for i in hit:
            kind, key, text = ind[i]
            want = norm("%s: %s: %s" % (kind, key, text))
            if want not in id_doc:
                failures.append("case %d: playlist.id.md does not quote %r" % (n, want))
            made.append(want)
    # Every message quoted in playlist.id.md is made by a case.
    for line in open(os.path.join(ROOT, "docs", "playlist.id.md")).read().splitlines():
        for q in re.findall(r"playlist\.toml:\d+:\d+: ((?:error|warning): [a-z_]+: [^`]*)", line):
            if not any(norm(q) == m for m in made) and not any(h in q for h in HAND):
                failures.append("playlist.id.md quotes a message no case makes: %r" % q)
    for f in failures:
        print("FAIL " + f)
    print("%d cases, %d failures" % (len(C), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Open a report's HTML page in headless Chromium and compare what the
browser shows with the report's JSON records.

    page_check.py PAGE.html RECORDS.json [--screenshot OUT.png]

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: commands on its fd 3, answers on its fd 4, each
a JSON text ended by NUL), so only the Python standard library is needed
and the page itself stays without a script.  In the rendered page it
reads every table cell's text and every bar's rendered width
(getBoundingClientRect), then checks:
  - one table row per record, each cell showing the record's value
    (numbers to the decimals shown, identifiers masked or whole, null
    empty or '—');
  - per chart, one bar per record (or per distinct value of a counting
    chart's key, with the count), each bar's value equal to the
    record's, the number written next to it, and the rendered widths
    proportional to the values on one scale (rates: 100 % fills it);
  - the page loaded nothing from outside (no request but the page).
Exits 0 and prints a summary when all holds; 1 with the differences.
"""
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

EXPR = r"""
new Promise(done => {
  const go = () => {
    const cells = [...document.querySelectorAll('table tbody tr')].map(tr =>
      [...tr.querySelectorAll('td')].map(td =>
        [td.dataset.key, td.textContent]));
    const charts = [...document.querySelectorAll('section.chart')].map(s => {
      const svg = s.querySelector('svg').getBoundingClientRect();
      return {
        caption: s.querySelector('h2').textContent,
        scale: parseFloat(s.dataset.scale),
        labelKey: s.dataset.labelKey || null,
        valueKey: s.dataset.valueKey || null,
        targetKey: s.dataset.targetKey || null,
        countKey: s.dataset.countKey || null,
        onlyKey: s.dataset.onlyKey || null,
        onlyValue: s.dataset.onlyValue || null,
        svgWidth: svg.width,
        bars: [...s.querySelectorAll('g.row')].map((g, i) => {
          const r = g.querySelector('rect.bar').getBoundingClientRect();
          const k = g.querySelector('rect.track').getBoundingClientRect();
          const t = g.querySelector('text.val').getBoundingClientRect();
          const line = s.querySelector(`line.target[data-row="${i}"]`);
          return {
            label: g.querySelector('rect.bar').dataset.label,
            value: g.querySelector('rect.bar').dataset.value,
            left: r.left, width: r.width, right: r.right, height: r.height,
            trackLeft: k.left, trackWidth: k.width,
            text: g.querySelector('text.val').textContent, textLeft: t.left,
            target: line ? parseFloat(line.dataset.target) : null,
            targetX: line ? line.getBoundingClientRect().left : null,
          };
        }),
      };
    });
    done({title: document.title, lang: document.documentElement.lang,
          headers: [...document.querySelectorAll('thead th')].map(
            th => [th.dataset.key, th.textContent]),
          cells, charts,
          resources: performance.getEntriesByType('resource').length,
          extent: [...document.body.children].reduce((e, el) => {
            const r = el.getBoundingClientRect();
            return [Math.max(e[0], r.right), Math.max(e[1], r.bottom)];
          }, [0, 0]),
          scripts: document.scripts.length});
  };
  if (document.readyState === 'complete') go();
  else addEventListener('load', go);
})
"""


class Browser:
    """Headless Chromium on a DevTools pipe."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix='fdss-chromium-')
        cmd_r, self.cmd_w = os.pipe()
        self.ans_r, ans_w = os.pipe()
        # far from 3 and 4, so that the shell's redirections cannot clash
        cmd_r, ans_w = [self.high(fd) for fd in (cmd_r, ans_w)]
        exe = shutil.which('chromium') or shutil.which('chromium-browser')
        if not exe:
            raise SystemExit('page_check: chromium not found (make deps)')
        args = [exe, '--headless', '--no-sandbox', '--disable-gpu',
                '--disable-dev-shm-usage', '--disable-quic',
                '--no-first-run', '--no-default-browser-check',
                '--disable-background-networking',
                '--disable-component-update', '--disable-sync',
                '--disable-extensions', '--hide-scrollbars',
                '--window-size=1280,1024', '--force-device-scale-factor=1',
                '--user-data-dir=' + self.profile,
                '--remote-debugging-pipe', 'about:blank']
        # fd 3: the commands it reads; fd 4: the answers it writes
        self.proc = subprocess.Popen(
            ['bash', '-c', 'exec "$@" 3<&%d 4>&%d %d<&- %d>&-'
             % (cmd_r, ans_w, cmd_r, ans_w), 'chromium'] + args,
            pass_fds=(cmd_r, ans_w), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(cmd_r)
        os.close(ans_w)
        self.buf = b''
        self.next_id = 0
        self.events = []

    @staticmethod
    def high(fd):
        new = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
        os.close(fd)
        return new

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session:
            msg['sessionId'] = session
        os.write(self.cmd_w, json.dumps(msg).encode() + b'\0')
        end = time.monotonic() + timeout
        while True:
            m = self.read(end)
            if m.get('id') == self.next_id:
                if 'error' in m:
                    raise RuntimeError('%s: %s' % (method, m['error']))
                return m['result']
            self.events.append(m)

    def read(self, end):
        while b'\0' not in self.buf:
            if time.monotonic() > end:
                raise RuntimeError('chromium did not answer in time')
            chunk = os.read(self.ans_r, 65536)
            if not chunk:
                err = self.proc.stderr.read().decode(errors='replace')
                raise RuntimeError('chromium ended: ' + err[-2000:])
            self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)

    def close(self):
        try:
            self.send('Browser.close', timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.cmd_w)
        os.close(self.ans_r)
        shutil.rmtree(self.profile, ignore_errors=True)


def render(page, screenshot=None):
    """The page as the browser shows it, and the URLs it requested."""
    b = Browser()
    try:
        t = b.send('Target.createTarget', {'url': 'about:blank'})
        s = b.send('Target.attachToTarget',
                   {'targetId': t['targetId'], 'flatten': True})['sessionId']
        b.send('Network.enable', session=s)
        b.send('Page.enable', session=s)
        url = 'file://' + os.path.abspath(page)
        b.send('Page.navigate', {'url': url}, session=s)
        r = b.send('Runtime.evaluate', {'expression': EXPR,
                                        'awaitPromise': True,
                                        'returnByValue': True}, session=s)
        if 'exceptionDetails' in r:
            raise RuntimeError('evaluate: %s' % r['exceptionDetails'])
        seen = r['result']['value']
        seen['requests'] = [e['params']['request']['url']
                            for e in b.events
                            if e.get('method') == 'Network.requestWillBeSent']
        if screenshot:
            # the page's content and a margin, not the empty window; a
            # table of many columns is cut at 1600 px for the picture
            w, h = [int(v) + 16 for v in seen['extent']]
            w = min(w, 1600)
            shot = b.send('Page.captureScreenshot', {
                'format': 'png', 'captureBeyondViewport': True,
                'clip': {'x': 0, 'y': 0, 'width': w, 'height': h,
                         'scale': 1}},
                session=s)
            with open(screenshot, 'wb') as f:
                f.write(base64.b64decode(shot['data']))
        return seen
    finally:
        b.close()


def decimals(text):
    return len(text.split('.', 1)[1]) if '.' in text else 0


def same_number(text, value):
    """text (as the page shows a number, maybe with %) is value rounded."""
    t = text.rstrip('%')
    try:
        got = float(t)
    except ValueError:
        return False
    return abs(got - value) <= 0.5 * 10 ** -decimals(t) + 1e-9


def same_cell(text, value):
    if value is None:
        return text in ('', '\u2014')
    if isinstance(value, bool):
        return text in (('是', 'yes') if value else ('否', 'no'))
    if isinstance(value, (int, float)):
        return same_number(text, value)
    if isinstance(value, str):
        if text == value:
            return True
        # a masked identifier: as long, the last four kept
        return ('*' in text and len(text) == len(value)
                and text[-4:] == value[-4:])
    return text == json.dumps(value, ensure_ascii=False,
                              separators=(',', ':'))


def check_chart(c, records, fail):
    bars = c['bars']
    if c['onlyKey']:
        records = [r for r in records if r.get(c['onlyKey']) == c['onlyValue']]
    name = 'chart %r' % c['caption']
    if c['countKey']:
        want = {}
        for r in records:
            v = r.get(c['countKey'])
            k = v if isinstance(v, str) else ''
            want[k] = want.get(k, 0) + 1
        got = {b['label']: float(b['value']) for b in bars}
        if got != {k: float(v) for k, v in want.items()}:
            fail('%s: counts %s, records give %s' % (name, got, want))
        values = [float(b['value']) for b in bars]
    else:
        if len(bars) != len(records):
            fail('%s: %d bars for %d records' % (name, len(bars),
                                                 len(records)))
            return
        values = []
        for b, r in zip(bars, records):
            v = r.get(c['valueKey'])
            lab = r.get(c['labelKey'])
            if isinstance(lab, str) and b['label'] != lab:
                fail('%s: bar label %r, record %r' % (name, b['label'], lab))
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                if not b['value'] or float(b['value']) != float(v):
                    fail('%s: bar %r value %r, record %r'
                         % (name, lab, b['value'], v))
                values.append(float(v))
            else:
                if b['value'] != '' or b['width'] > 0.5:
                    fail('%s: bar %r has a length for null' % (name, lab))
                values.append(None)
            t = r.get(c['targetKey']) if c['targetKey'] else None
            if isinstance(t, (int, float)) and b['target'] != float(t):
                fail('%s: bar %r target %r, record %r'
                     % (name, lab, b['target'], t))
            elif isinstance(t, (int, float)):
                x = b['trackLeft'] + t / c['scale'] * b['trackWidth']
                if abs(b['targetX'] - x) > 2:
                    fail('%s: bar %r: target line at %.1f px, %.1f expected'
                         % (name, lab, b['targetX'], x))
    # the number next to each bar, and the bar's rendered length
    top = max([v for v in values if v is not None] + [0])
    full = None
    for b in bars:
        if b['height'] < 4 or abs(b['left'] - bars[0]['left']) > 0.5:
            fail('%s: bar %r is not drawn (%.1f px high at x %.1f)'
                 % (name, b['label'], b['height'], b['left']))
    for b, v in zip(bars, values):
        if v is None:
            continue
        if not same_number(b['text'], v):
            fail('%s: bar %r says %r, value %r' % (name, b['label'],
                                                   b['text'], v))
        if b['textLeft'] < b['right'] - 0.5:
            fail('%s: bar %r: its number overlaps the bar' % (name,
                                                              b['label']))
        # the track is the whole scale: value / scale of it
        want = max(v, 0) / c['scale'] * b['trackWidth']
        full = b['trackWidth']
        if abs(b['left'] - b['trackLeft']) > 0.5 or \
           abs(b['width'] - want) > 0.75:
            fail('%s: bar %r is %.2f px long, %.2f px expected for %g'
                 % (name, b['label'], b['width'], want, v))
    if full and top > c['scale'] + 1e-9:
        fail('%s: value %g beyond the scale %g' % (name, top, c['scale']))
    return full


def main():
    args = sys.argv[1:]
    shot = None
    if '--screenshot' in args:
        i = args.index('--screenshot')
        shot = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        raise SystemExit(__doc__)
    page, recfile = args
    with open(recfile, encoding='utf-8') as f:
        records = json.load(f)
    seen = render(page, shot)
    errors = []
    fail = errors.append
    if seen['scripts']:
        fail('the page has %d scripts' % seen['scripts'])
    outside = [u for u in seen['requests'] if not u.startswith('file://')
               and not u.startswith('data:')]
    if outside or seen['resources']:
        fail('the page loaded %s' % (outside or seen['resources']))
    if len(seen['cells']) != len(records):
        fail('%d table rows for %d records' % (len(seen['cells']),
                                               len(records)))
    for i, (row, rec) in enumerate(zip(seen['cells'], records)):
        for key, text in row:
            if not same_cell(text, rec.get(key)):
                fail('row %d %s: page %r, record %r' % (i + 1, key, text,
                                                        rec.get(key)))
    nbars = 0
    for c in seen['charts']:
        check_chart(c, records, fail)
        nbars += len(c['bars'])
    if errors:
        print('\n'.join(errors))
        return 1
    print('page_check: %d rows, %d cells, %d charts, %d bars agree with '
          'the records' % (len(seen['cells']),
                           sum(len(r) for r in seen['cells']),
                           len(seen['charts']), nbars))
    return 0


if __name__ == '__main__':
    sys.exit(main())

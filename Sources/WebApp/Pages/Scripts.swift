import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The app's few scripts, served as files from `/assets/` rather than inline in pages, so the
/// Content-Security-Policy can forbid inline script (`script-src 'self'`): an injected
/// `<script>` or `onclick=` then does not run, whatever slips past the escaping.
enum Scripts: String, CaseIterable {
    case sortableTables = "sortable-tables"
    case cycleProgress = "cycle-progress"
    case reportBuilder = "report-builder"

    var path: String { "/assets/\(rawValue).js" }
    /// At the end of the page's content, where it ran inline: the elements it wires exist by then.
    var tag: String { #"<script src="\#(path)"></script>"# }

    var source: String {
        switch self {
        case .sortableTables: Self.sortableTablesSource
        case .cycleProgress: Self.cycleProgressSource
        case .reportBuilder: Self.reportBuilderSource
        }
    }

    /// `sortableTables`: click a heading to sort by it, again to reverse. Numbers sort as numbers when every
    /// value of the column is one (thousands separators, `$` and `%` aside), text in natural order
    /// (Stage 2 before Stage 10); NULLs go last.
    static let sortableTablesSource = """
        for (const table of document.querySelectorAll('table.sortable')) {
          const heads = Array.from(table.tHead.rows[0].cells);
          heads.forEach((th, i) => {
            const sort = () => {
              const asc = th.getAttribute('aria-sort') !== 'ascending';
              heads.forEach(h => h.removeAttribute('aria-sort'));
              th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
              const body = table.tBodies[0];
              const rows = Array.from(body.rows);
              const key = r => r.cells[i].classList.contains('null') ? null : r.cells[i].textContent;
              const num = v => Number(v.replace(/[$,%]/g, ''));
              const numeric = rows.every(r => { const v = key(r); return v === null || (v.trim() !== '' && !isNaN(num(v))); });
              rows.sort((a, b) => {
                const x = key(a), y = key(b);
                if (x === y) return 0;
                if (x === null) return 1;
                if (y === null) return -1;
                const d = numeric ? num(x) - num(y) : x.localeCompare(y, undefined, {numeric: true});
                return asc ? d : -d;
              });
              body.append(...rows);
            };
            th.addEventListener('click', sort);
            th.addEventListener('keydown', e => { if (e.key === 'Enter') sort(); });
          });
        }
        """

    /// `cycleProgress`: while a cycle runs, its row shows tables done, rows moved and API calls, polled every
    /// two seconds; the page reloads when the cycle ends so the dates update.
    static let cycleProgressSource = """
        for (const cell of document.querySelectorAll('.progress[data-live]')) {
          const poll = async () => {
            const r = await fetch('/api/v1/connections/' + cell.dataset.connection + '/progress', {credentials: 'same-origin'});
            if (!r.ok) return;
            const p = await r.json();
            if (!p.running) { location.reload(); return; }
            const calls = p.apiCallsUsed == null ? '' : ' · API calls ' + p.apiCallsUsed + (p.apiCallsAllowed == null ? '' : ' of ' + p.apiCallsAllowed);
            cell.textContent = p.tablesDone + (p.tablesPlanned == null ? '' : ' of ' + p.tablesPlanned) + ' tables · ' + p.rows + ' rows' + calls;
            const list = document.createElement('ul');
            list.className = 'table-progress';
            for (const t of p.tables) {
              const item = document.createElement('li');
              item.textContent = t.table + ': ' + t.rows + ' rows, ' + t.status + (t.path === '-' ? '' : ' (' + t.path + ')');
              list.appendChild(item);
            }
            cell.appendChild(list);
            setTimeout(poll, 2000);
          };
          poll();
        }
        """

    /// `reportBuilder`: choosing an object reloads the builder with that object's fields; a
    /// condition on a picklist field offers the picklist's values (its `<datalist>`).
    static let reportBuilderSource = """
        for (const select of document.querySelectorAll('select[data-autosubmit]')) {
          select.addEventListener('change', () => select.form.submit());
        }
        for (const field of document.querySelectorAll('select.condition-field')) {
          const value = field.parentElement.querySelector('input.condition-value');
          const update = () => {
            const list = field.selectedOptions[0] && field.selectedOptions[0].dataset.list;
            if (list) { value.setAttribute('list', list); } else { value.removeAttribute('list'); }
          };
          field.addEventListener('change', update);
          update();
        }
        """
}

extension WebApp {
    /// The scripts: public (they hold no data), cached for an hour.
    func addScriptRoutes(to groups: RouteGroups) {
        for script in Scripts.allCases {
            groups.open.get(RouterPath(script.path)) { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                         body: .init(byteBuffer: ByteBuffer(string: script.source)))
            }
        }
    }
}

/// HTML tables that sort by a click on a heading (reports and dashboards).
enum Tables {
    /// The table; a page with any adds `sortScript` once (it wires every `table.sortable`).
    static func sortable(columns: [String], rows: [[String?]], id: String? = nil) -> String {
        var out = #"<table class="sortable"\#(id.map { #" id="\#(HTML.escape($0))""# } ?? "")><thead><tr>"#
        out += columns.map { #"<th tabindex="0" title="Sort">\#(HTML.escape($0))</th>"# }.joined()
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + row.map { $0.map { "<td>\(HTML.escape($0))</td>" } ?? #"<td class="null">NULL</td>"# }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }

    /// Click a heading to sort by it, again to reverse. Numbers sort as numbers when every
    /// value of the column is one (thousands separators, `$` and `%` aside), text in natural order
    /// (Stage 2 before Stage 10); NULLs go last.
    static let sortScript = """
        <script>
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
        </script>
        """
}

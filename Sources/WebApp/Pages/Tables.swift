/// HTML tables that sort by a click on a heading (reports and dashboards).
enum Tables {
    /// The table; a page with any adds `Scripts.sortableTables.tag` once (it wires every `table.sortable`).
    static func sortable(columns: [String], rows: [[String?]], id: String? = nil) -> String {
        var out = #"<table class="sortable"\#(id.map { #" id="\#(HTML.escape($0))""# } ?? "")><thead><tr>"#
        out += columns.map { #"<th tabindex="0" title="Sort">\#(HTML.escape($0))</th>"# }.joined()
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + row.map { $0.map { "<td>\(HTML.escape($0))</td>" } ?? #"<td class="null">NULL</td>"# }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }
}

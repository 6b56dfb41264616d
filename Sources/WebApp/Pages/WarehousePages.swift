import Foundation
import Sync
import Warehouse

/// Manage Data > Data Warehouse: the tables list on the left, the chosen table's schema on the right.
enum WarehousePages {
    struct ConnectionTables {
        var record: ConnectionRecord
        var tables: [ManagedTable]
    }

    static func manager(_ groups: [ConnectionTables], selected: (Int64, ManagedTableDetail)?, view: String, search: String,
                        runningTable: Bool, session: Session) -> String {
        let admin = session.user.role == .admin
        var list = ""
        for group in groups {
            guard let id = group.record.id else { continue }
            let shown = group.tables.filter { table in
                (view != "synced" || table.isSynced) && (search.isEmpty || table.settings.table.localizedCaseInsensitiveContains(search))
            }
            list += #"<h3>\#(HTML.escape(group.record.name))</h3><ul class="tables">"#
            for table in shown {
                let name = table.settings.table
                let current = selected.map { $0.0 == id && $0.1.table.settings.table == name } ?? false
                let note = table.settings.skipReason != nil ? " (not syncable)" : table.isSynced ? " ✓"
                    : table.settings.method == .paused ? " (paused)" : table.isChosen ? " (pending)" : ""
                list += #"<li class="\#(current ? "current" : "")"><a class="table-link" data-table="\#(HTML.escape(name))" href="/warehouse?connection=\#(id)&amp;table=\#(HTML.escape(name))&amp;view=\#(HTML.escape(view))">\#(HTML.escape(name))</a><small>\#(note)</small></li>"#
            }
            if shown.isEmpty { list += "<li><small>No tables\(search.isEmpty ? "" : " match") here.</small></li>" }
            list += "</ul>"
            if admin {
                list += #"<form method="post" action="/warehouse/\#(id)/check">\#(HTML.csrfField(session))<button type="submit" id="check-new">Check for new tables and columns</button></form>"#
                list += #"<form method="post" action="/connections/\#(id)/sync">\#(HTML.csrfField(session))<input type="hidden" name="next" value="/warehouse?connection=\#(id)"><button type="submit">Force update</button></form>"#
            }
        }
        if groups.isEmpty { list = #"<p class="notice">No connections yet. <a href="/connections">Add a data source</a> first.</p>"# }
        let toggle = """
            <form method="get" action="/warehouse" class="filters">
            \(selected.map { #"<input type="hidden" name="connection" value="\#($0.0)"><input type="hidden" name="table" value="\#(HTML.escape($0.1.table.settings.table))">"# } ?? "")
            <input name="q" id="table-search" placeholder="Search tables" value="\(HTML.escape(search))">
            <label><input type="radio" name="view" value="all"\(view == "synced" ? "" : " checked")> All Tables</label>
            <label><input type="radio" name="view" value="synced"\(view == "synced" ? " checked" : "")> Synced Tables</label>
            <button type="submit">Show</button></form>
            """
        let right = selected.map { schema($0.0, $0.1, runningTable: runningTable, session: session) }
            ?? #"<p class="notice">Choose a table to see its columns.</p>"#
        return #"\#(toggle)<div class="manager"><aside>\#(list)</aside><section id="schema">\#(right)</section></div>"#
    }

    static func schema(_ connectionID: Int64, _ detail: ManagedTableDetail, runningTable: Bool, session: Session) -> String {
        let admin = session.user.role == .admin
        let settings = detail.table.settings
        let disabled = admin ? "" : " disabled"
        var out = "<h2>\(HTML.escape(settings.table))</h2><p>Salesforce object <strong>\(HTML.escape(settings.object))</strong>, "
        out += detail.table.rows.map { "\($0) rows in the warehouse." } ?? "not in the warehouse yet."
        if runningTable { out += #" <span class="status-syncing">Syncing now…</span>"# }
        out += "</p>"
        if let reason = settings.skipReason {
            return out + #"<p class="notice">This object cannot be synced: \#(HTML.escape(reason)).</p>"#
        }
        if let reason = detail.fullTableReason {
            out += #"<p class="notice" id="full-table-reason">Full Table: \#(HTML.escape(reason)).</p>"#
        }
        let dates = detail.columns.filter { [.datetime, .date].contains($0.source.warehouseType) }
        let keys = dates.map { column in
            #"<option value="\#(HTML.escape(column.source.sourceName))"\#(column.source.sourceName == settings.replicationKey ? " selected" : "")>\#(HTML.escape(column.source.sourceName))</option>"#
        }.joined()
        let methods: [(ReplicationMethod, String)] = [(.modifiedAt, "Modified At"), (.addDate, "Add Date"), (.fullTable, "Full Table"), (.paused, "Paused")]
        let methodOptions = methods.map { #"<option value="\#($0.0.rawValue)"\#($0.0 == settings.method ? " selected" : "")>\#($0.1)</option>"# }.joined()
        out += """
            <form method="post" action="/warehouse/\(connectionID)/\(HTML.escape(settings.table))" id="table-form">\(HTML.csrfField(session))
            <p><label><input type="checkbox" name="selected" id="table-selected" value="on"\(settings.selected ? " checked" : "")\(disabled)> Sync this table</label></p>
            <label for="method">Replication method</label><select id="method" name="method"\(disabled)>\(methodOptions)</select>
            <label for="key">Replication key (Modified At, Add Date)</label><select id="key" name="key"\(disabled)>\(keys)</select>
            <table id="columns"><tr><th>Sync</th><th>Column</th><th>Salesforce type</th><th>Warehouse type</th><th>Status</th><th>Formula</th><th>Recheck frequency</th></tr>
            """
        for column in detail.columns {
            let name = HTML.escape(column.source.column)
            let pk = column.source.column == "id" ? #"<span class="pk" title="primary key">primary key</span>"# : ""
            // A name over 63 bytes is shortened (`WarehouseNames`): say which field it holds.
            let shortened = column.source.column == column.source.sourceName.lowercased() ? ""
                : #"<div class="source-name">Salesforce field <code>\#(HTML.escape(column.source.sourceName))</code>, its name shortened to 63 bytes</div>"#
            let box = #"<input type="checkbox" class="column-sync" name="col_\#(name)" value="on"\#(column.selected ? " checked" : "")\#(column.required || !admin ? " disabled" : "")>"#
            let recheck = column.source.isFormula
                ? #"<select name="recheck_\#(name)"\#(disabled)>\#(RecheckFrequency.allCases.map { #"<option value="\#($0.rawValue)"\#($0 == column.recheckFrequency ? " selected" : "")>\#(label($0))</option>"# }.joined())</select>"#
                : "-"
            out += """
                <tr class="column" data-column="\(name)" data-status="\(column.status.rawValue)"><td>\(box)\(column.required ? #"<input type="hidden" name="col_\#(name)" value="on">"# : "")</td>
                <td>\(name)\(pk)\(shortened)</td><td>\(HTML.escape(column.source.salesforceType))</td><td>\(column.source.warehouseType.rawValue)</td>
                <td class="column-status status-\(column.status.rawValue)">\(label(column.status))</td><td>\(column.source.isFormula ? "formula" : "")</td><td>\(recheck)</td></tr>
                """
        }
        out += "</table>"
        if admin {
            out += """
                <p><button type="submit" name="action" value="save" id="save">Save</button>
                <button type="submit" name="action" value="save-sync" id="save-and-sync">Save and Sync Data Immediately</button></p>
                """
        }
        return out + "</form>"
    }

    /// Asks before columns or a table leave the warehouse, with what reads them. Cancel is a
    /// link back to `cancel` (the CSP allows no `javascript:` URL).
    static func confirm(_ outcome: SaveOutcome, fields: [String: String], action: String, cancel: String, session: Session) -> String {
        let what = outcome.removedTable ? "the whole table and its data" : "the columns " + outcome.removedColumns.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ")
        let dependents = outcome.dependents.isEmpty ? "<p>Nothing saved in Tributary reads them.</p>"
            : "<p>These read them and will stop working:</p><ul id=\"dependents\">" + outcome.dependents.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        let hidden = fields.filter { $0.key != "csrf" && $0.key != "confirm" }.sorted { $0.key < $1.key }
            .map { #"<input type="hidden" name="\#(HTML.escape($0.key))" value="\#(HTML.escape($0.value))">"# }.joined()
        return """
            <p class="error">Saving removes \(what) from the warehouse. You can sync them again later; they are then copied afresh.</p>
            \(dependents)
            <form method="post" action="\(HTML.escape(action))">\(HTML.csrfField(session))\(hidden)<input type="hidden" name="confirm" value="yes">
            <p><button type="submit" id="confirm-remove">Remove and save</button> <a href="\(HTML.escape(cancel))">Cancel</a></p></form>
            """
    }

    static func label(_ status: ManagedColumn.Status) -> String {
        switch status {
        case .synced: "Synced"
        case .pending: "Pending"
        case .unsynced: "Unsynced"
        case .hidden: "Hidden: no longer in Salesforce's describe for this user (values kept)"
        }
    }

    static func label(_ frequency: RecheckFrequency) -> String {
        switch frequency {
        case .always: "Always"
        case .daily: "Daily"
        case .weekly: "Weekly"
        case .monthly: "Monthly"
        case .once: "Once"
        }
    }
}

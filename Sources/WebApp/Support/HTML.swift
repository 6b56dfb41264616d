import Foundation
import WebForms

/// HTML built from Swift strings: every interpolated value goes through `escape`. Pages are
/// small and few, so a template engine would add a dependency and a runtime parse for nothing.
enum HTML {
    static func escape(_ text: String) -> String { WebForms.HTML.escape(text) }

    /// The page frame: navigation (Analyses, Manage Data, and Account Settings for admins), the
    /// signed-in user.
    static func page(_ title: String, session: Session?, body: String) -> String {
        var nav = ""
        if let session {
            // Only the links the role opens (AccessPolicy).
            let admin = session.user.role == .admin
            let manageData = session.user.role.includes(.standard)
            nav = """
                <nav><a class="brand" href="/">Tributary</a>
                <span class="menu">Analyses <a href="/dashboards">Dashboards</a> <a href="/leads">Leads</a> <a href="/goals">Goals</a> <a href="/reports">Reports</a></span>
                \(manageData ? #"<span class="menu">Manage Data <a href="/connections">Connections</a> <a href="/warehouse">Data Warehouse</a></span>"# : "")
                \(admin ? #"<span class="menu">Account Settings <a href="/users">Manage Users</a> <a href="/api-keys">API Keys</a></span>"# : "")
                <form class="signout" method="post" action="/sign-out">\(csrfField(session))
                <span>\(escape(session.user.email)) (\(session.user.role.label))</span> <button type="submit">Sign out</button></form></nav>
                """
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Tributary</title><style>\(style)\(ReportPages.style)</style></head>
            <body>\(nav)<main><h1>\(escape(title))</h1>
            \(body)
            </main></body></html>
            """
    }

    static func csrfField(_ session: Session) -> String {
        #"<input type="hidden" name="csrf" value="\#(escape(session.csrfToken))">"#
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f8fa}
        nav{display:flex;flex-wrap:wrap;gap:.4em 1.5em;align-items:center;background:#0b3d62;color:#fff;padding:.6em 1.2em}
        nav a{color:#fff} .brand{font-weight:700;text-decoration:none;font-size:1.2em} .signout{margin-left:auto}
        main{max-width:1200px;margin:1.5em auto;padding:0 1em} table{border-collapse:collapse;width:100%;background:#fff}
        th,td{text-align:left;padding:.5em;border-bottom:1px solid #dde3ea} .actions{display:flex;justify-content:flex-end;margin:.5em 0}
        .button,button{background:#0070d2;color:#fff;border:0;border-radius:4px;padding:.5em 1em;text-decoration:none;cursor:pointer}
        .tiles{display:flex;gap:1em} .tile{display:block;width:180px;padding:1.5em;background:#fff;border:1px solid #dde3ea;border-radius:8px;text-align:center;text-decoration:none;color:inherit}
        .error{background:#fde8e8;border:1px solid #e0a0a0;padding:1em;border-radius:6px} .notice{background:#e8f4fd;border:1px solid #a0c8e0;padding:1em;border-radius:6px}
        label{display:block;margin:.8em 0 .2em} input,select{padding:.4em;min-width:320px}
        input[type=checkbox],input[type=radio]{min-width:0} td select{min-width:0}
        .pk{font-size:.75em;background:#0b3d62;color:#fff;border-radius:3px;padding:.1em .4em;margin-left:.4em}
        .manager{display:flex;gap:1.5em} .manager aside{width:260px;flex:none} .manager section{flex:1;overflow-x:auto}
        ul.tables{list-style:none;padding:0;max-height:60vh;overflow-y:auto} ul.tables li.current{font-weight:700}
        .filters input{min-width:200px} .filters label{display:inline;margin:0 .5em}
        .status-synced{color:#1a7f37} .status-pending{color:#9a6700} .status-unsynced{color:#6e7781}
        .goal-bar{position:relative;height:18px;background:#e6ebf1;border-radius:9px;overflow:hidden;max-width:600px}
        .goal-bar .forecast{position:absolute;height:100%;background:#b6d4f0} .goal-bar .actual{position:absolute;height:100%;background:#0070d2}
        .outlook-achieved,.outlook-onTrack{color:#1a7f37} .outlook-atRisk,.outlook-missed{color:#b42318} section.goal{background:#fff;padding:.5em 1em;margin:1em 0;border:1px solid #dde3ea;border-radius:6px}
        ul.table-progress{margin:.3em 0;padding-left:1.2em;font-size:.85em;color:#57606a}
        .status-connected{color:#1a7f37} .status-error,.status-reauthentication_required{color:#b42318} .status-syncing{color:#9a6700}
        """
}

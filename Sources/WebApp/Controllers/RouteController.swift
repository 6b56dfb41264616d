/// The routes of one concept (users, API keys, goals…), built from what they use and nothing
/// else: a controller that is given `Accounts` cannot read a report. Each adds its routes to
/// the group of the role that may call them (`RouteGroups`), so who may call a route is decided
/// where it is added, and `RouteListTests` lists every route with its roles.
protocol RouteController: Sendable {
    func addRoutes(to groups: RouteGroups)
}

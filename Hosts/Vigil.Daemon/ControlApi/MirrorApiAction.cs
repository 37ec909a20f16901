namespace Vigil.Daemon.ControlApi;

/// <summary>
/// One action on this node's vigil-repd through <c>POST /v1/mirrors/{name}/{Verb}</c>, and the lowest role allowed to
/// send it. Operators keep mirrors running (pause, resume, throttle, promote, demote); admins change what a copy
/// holds or whether it counts (create, full resync, forced promotion, outdate, discard).
/// </summary>
internal sealed record MirrorApiAction(string Verb, ApiRole Role)
{
    public static readonly IReadOnlyList<MirrorApiAction> All =
    [
        new("pause", ApiRole.Operator),
        new("resume", ApiRole.Operator),
        new("throttle", ApiRole.Operator),
        new("promote", ApiRole.Operator),
        new("demote", ApiRole.Operator),
        new("create", ApiRole.Admin),
        new("fullresync", ApiRole.Admin),
        new("outdate", ApiRole.Admin),
        new("discard", ApiRole.Admin),
    ];

    /// <summary>A forced promotion may lose acknowledged writes: it needs the admin role.</summary>
    public static ApiRole RoleFor(MirrorApiAction action, bool force) => action.Verb == "promote" && force ? ApiRole.Admin : action.Role;

    public static MirrorApiAction? Find(string verb) => All.FirstOrDefault(a => a.Verb == verb);
}

using Vigil.Engine.Commands;

namespace Vigil.Engine.Decisions;

/// <summary>The refusals several deciders share, worded once (scripts match on the codes).</summary>
internal static class Refusals
{
    public static Decision UnknownResource(string tag) => Decision.Refuse("unknown-resource", $"no resource is tagged '{tag}'");

    public static Decision UnknownNode(string node) => Decision.Refuse("unknown-node", $"node '{node}' is not a member of the cluster");

    public static Decision Busy(string tag, long operation) => Decision.Refuse("busy", $"'{tag}' is part of operation #{operation}; try again when it ends");
}

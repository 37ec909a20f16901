using System.CommandLine;
using System.Text.Json.Nodes;
using Vigil.Cli.Api;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil resource …</c>: engine commands on resources through the control API (roles: see docs/operations.md).</summary>
internal static class ResourceCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var tag = new Argument<string>("TAG") { Description = "The resource tag" };
        var node = new Argument<string>("NODE") { Description = "A node name" };
        var type = new Option<string>("--type") { Description = "The resource type (from a kit)", Required = true };
        var on = new Option<string>("--node") { Description = "The node to create it on", Required = true };
        var param = new Option<string[]>("--param", "-p") { Description = "A parameter NAME=VALUE (repeat)", AllowMultipleArgumentsPerToken = false };
        var switchback = new Option<string>("--switchback") { Description = "intelligent (default) or automatic", DefaultValueFactory = _ => "intelligent" };
        switchback.AcceptOnlyFromAmong("intelligent", "automatic");
        var priority = new Option<int>("--priority") { Description = "Priority on NODE (1 = highest; unique per resource)", Required = true };
        var parent = new Argument<string>("PARENT") { Description = "The resource that depends" };
        var child = new Argument<string>("CHILD") { Description = "The resource it depends on" };
        var onOff = new Argument<string>("on|off");
        onOff.AcceptOnlyFromAmong("on", "off");
        var mode = new Argument<string>("MODE") { Description = "intelligent or automatic" };
        mode.AcceptOnlyFromAmong("intelligent", "automatic");

        JsonObject Tag(ParseResult p) => new() { ["tag"] = p.GetValue(tag) };
        JsonObject TagNode(ParseResult p) => new() { ["tag"] = p.GetValue(tag), ["node"] = p.GetValue(node) };
        JsonObject Edge(ParseResult p) => new() { ["parent"] = p.GetValue(parent), ["child"] = p.GetValue(child) };

        return new Command("resource", "Create, extend, move and maintain resources")
        {
            CommandSender.Create("create", "Create a resource on a node (admin)", "create-resource", p => new JsonObject
            {
                ["tag"] = p.GetValue(tag),
                ["type"] = p.GetValue(type),
                ["node"] = p.GetValue(on),
                ["parameters"] = Parameters(p.GetValue(param) ?? []),
                ["switchback"] = p.GetValue(switchback),
            }, output, error, tag, type, on, param, switchback),
            CommandSender.Create("extend", "Extend a resource (and what it depends on) to a node at a priority (admin)", "extend-resource",
                p => new JsonObject { ["tag"] = p.GetValue(tag), ["node"] = p.GetValue(node), ["priority"] = p.GetValue(priority) }, output, error, tag, node, priority),
            CommandSender.Create("unextend", "Remove a resource's instance from a node (admin)", "unextend-resource", TagNode, output, error, tag, node),
            CommandSender.Create("delete", "Delete a resource everywhere (admin)", "delete-resource", Tag, output, error, tag),
            CommandSender.Create("depend", "PARENT depends on CHILD: restored after it, removed before it (admin)", "add-dependency", Edge, output, error, parent, child),
            CommandSender.Create("undepend", "Remove a dependency (admin)", "remove-dependency", Edge, output, error, parent, child),
            CommandSender.Create("switchback", "Set the hierarchy's switchback mode (admin)", "set-switchback",
                p => new JsonObject { ["tag"] = p.GetValue(tag), ["mode"] = p.GetValue(mode) }, output, error, tag, mode),
            CommandSender.Create("restore", "Bring a resource and its dependencies into service on a node (operator)", "restore", TagNode, output, error, tag, node),
            CommandSender.Create("remove", "Take a resource and its dependents out of service (operator)", "remove", Tag, output, error, tag),
            CommandSender.Create("cleanup", "Forget failure counts; OSF back to OSU where nothing runs (operator)", "resource-cleanup", Tag, output, error, tag),
            CommandSender.Create("maintenance", "Unmanage (on) or manage again (off) a resource's hierarchy (operator)", "resource-maintenance",
                p => new JsonObject { ["tag"] = p.GetValue(tag), ["on"] = p.GetValue(onOff) == "on" }, output, error, tag, onOff),
        };
    }

    /// <summary><c>vigil switchover TAG NODE</c> (operator).</summary>
    public static Command CreateSwitchover(TextWriter output, TextWriter error)
    {
        var tag = new Argument<string>("TAG") { Description = "Any resource of the hierarchy" };
        var node = new Argument<string>("NODE") { Description = "Where the hierarchy goes" };
        return CommandSender.Create("switchover", "Move a whole hierarchy to a node (operator)", "switchover",
            p => new JsonObject { ["tag"] = p.GetValue(tag), ["node"] = p.GetValue(node) }, output, error, tag, node);
    }

    private static JsonObject Parameters(string[] pairs)
    {
        var o = new JsonObject();
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ApiFailure(CliApp.BadInput, $"--param: '{pair}' is not NAME=VALUE");
            }

            o[pair[..eq]] = pair[(eq + 1)..];
        }

        return o;
    }
}

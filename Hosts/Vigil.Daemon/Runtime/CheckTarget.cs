using System.Collections.Immutable;
using Vigil.Engine.Model;

namespace Vigil.Daemon.Runtime;

/// <summary>An in-service instance on this node that periodic checks watch.</summary>
internal sealed record CheckTarget(string Tag, string Type, InstanceState State, ImmutableSortedDictionary<string, string> Parameters);

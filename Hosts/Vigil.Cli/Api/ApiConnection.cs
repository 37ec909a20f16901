using System.Security.Cryptography.X509Certificates;

namespace Vigil.Cli.Api;

/// <summary>Where and as whom `vigil` talks to a control API; <paramref name="Pinned"/> is the cluster certificate (null for plain HTTP).</summary>
internal sealed record ApiConnection(Uri BaseUri, string User, string Password, X509Certificate2? Pinned)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"{User} at {BaseUri}";
}

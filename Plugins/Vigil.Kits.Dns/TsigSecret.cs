using System.Text.RegularExpressions;

namespace Vigil.Kits.Dns;

/// <summary>
/// Reads the TSIG secret from its file: the base64 secret alone, or a BIND <c>key</c> clause as tsig-keygen writes it.
/// The secret itself never appears in a message: errors name the file only.
/// </summary>
internal static partial class TsigSecret
{
    /// <summary>The secret, or why it cannot be read (a configuration problem).</summary>
    public static (string? Secret, string? Problem) Read(DnsSettings settings)
    {
        string text;
        try
        {
            text = File.ReadAllText(settings.SecretFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"parameter '{DnsDefinition.SecretFile}': cannot read '{settings.SecretFile}': {ex.GetType().Name}");
        }

        var clause = SecretClause().Match(text);
        var secret = clause.Success ? clause.Groups["secret"].Value : text.Trim();
        if (clause.Success && AlgorithmClause().Match(text) is { Success: true } declared
            && !declared.Groups["algorithm"].Value.Equals(settings.Algorithm, StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"secret file '{settings.SecretFile}' declares algorithm {declared.Groups["algorithm"].Value} but parameter '{DnsDefinition.Algorithm}' is {settings.Algorithm}");
        }

        return secret.Length == 0 || !Base64().IsMatch(secret)
            ? (null, $"secret file '{settings.SecretFile}' holds no base64 TSIG secret (expected the secret alone or a key clause with secret \"...\";)")
            : (secret, null);
    }

    [GeneratedRegex("""secret\s+"(?<secret>[^"]*)"\s*;""")]
    private static partial Regex SecretClause();

    [GeneratedRegex(@"algorithm\s+""?(?<algorithm>[A-Za-z0-9.-]+)""?\s*;")]
    private static partial Regex AlgorithmClause();

    [GeneratedRegex("^[A-Za-z0-9+/]+={0,2}$")]
    private static partial Regex Base64();
}

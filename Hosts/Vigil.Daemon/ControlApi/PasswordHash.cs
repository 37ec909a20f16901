using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Daemon.ControlApi;

/// <summary>
/// Salted PBKDF2-HMAC-SHA256, stored as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64). The iteration count is
/// stored with each hash, so raising the default later keeps old files valid.
/// </summary>
internal static class PasswordHash
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    private const string Scheme = "pbkdf2-sha256";

    public static string Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Why <paramref name="stored"/> is not a hash this class can verify, or null if it is.</summary>
    public static string? Problem(string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            return $"not a {Scheme}$ITERATIONS$SALT$HASH value (passwords are never stored in clear: use 'vigil cluster init' or 'vigil cluster hash-password')";
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 100_000)
        {
            return $"iteration count '{parts[1]}' is not a whole number of at least 100000";
        }

        return IsBase64(parts[2]) && IsBase64(parts[3]) ? null : "salt or hash is not base64";
    }

    public static bool Verify(string password, string stored)
    {
        if (Problem(stored) is not null)
        {
            return false;
        }

        var parts = stored.Split('$');
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password), Convert.FromBase64String(parts[2]), int.Parse(parts[1], CultureInfo.InvariantCulture), HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool IsBase64(string s) => s.Length > 0 && Convert.TryFromBase64String(s, new byte[s.Length], out _);
}

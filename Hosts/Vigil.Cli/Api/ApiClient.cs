using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Daemon.ControlApi;

namespace Vigil.Cli.Api;

/// <summary>A control API client: HTTP Basic, the cluster certificate pinned, answers as JSON, failures as <see cref="ApiFailure"/>.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ApiConnection _connection;

    /// <param name="timeout">The whole request's limit (default 40 s); a whole journal's history may need more.</param>
    public ApiClient(ApiConnection connection, TimeSpan? timeout = null)
    {
        _connection = connection;
        _http = new HttpClient(PinnedCertificate.Handler(connection.Pinned, TimeSpan.FromSeconds(5)))
        {
            BaseAddress = connection.BaseUri,
            Timeout = timeout ?? TimeSpan.FromSeconds(40),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.User}:{connection.Password}")));
    }

    public Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>Sends an engine command (<c>POST /v1/commands/NAME</c>) and returns the engine's decisions.</summary>
    public Task<JsonNode> CommandAsync(string name, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/commands/" + name)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        }, cancellationToken);

    /// <summary>A POST to <paramref name="path"/> with a JSON body (or none); the answer as JSON.</summary>
    public Task<JsonNode> PostAsync(string path, JsonNode? body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body?.ToJsonString() ?? string.Empty, Encoding.UTF8, "application/json"),
        }, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ApiFailure(CliApp.Unreachable, $"cannot reach the control API at {_connection.BaseUri}: {e.Message}");
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                JsonNode? body = null;
                try
                {
                    body = text.Length == 0 ? null : JsonNode.Parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                }

                if (response.IsSuccessStatusCode && body is not null)
                {
                    return body;
                }

                var code = body?["code"]?.GetValue<string>() ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var message = body?["message"]?.GetValue<string>() ?? (text.Length == 0 ? response.ReasonPhrase ?? "no answer" : text);
                throw new ApiFailure(ExitCodeOf(response.StatusCode), $"{code}: {message}");
            }
        }
    }

    private static int ExitCodeOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Conflict => CliApp.Refused,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => CliApp.Denied,
        HttpStatusCode.BadRequest or HttpStatusCode.NotFound => CliApp.BadInput,
        _ => CliApp.Unreachable,
    };
}

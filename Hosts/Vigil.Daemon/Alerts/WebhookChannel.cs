using System.Text;

namespace Vigil.Daemon.Alerts;

/// <summary>
/// POSTs the item's JSON to the hook's URL with <c>X-Vigil-Event-Id</c> (receivers drop repeats by it) and the secret
/// header when one is configured; any 2xx means delivered. HTTPS is checked against the system's trusted roots.
/// </summary>
internal sealed class WebhookChannel(AlertHook hook) : IAlertChannel
{
    private readonly HttpClient _http = new() { Timeout = hook.Timeout };

    public async Task SendAsync(AlertItem item, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Webhook)
        {
            Content = new StringContent(item.Json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Vigil-Event-Id", item.EventId);
        if (hook.Secret is not null)
        {
            request.Headers.TryAddWithoutValidation(hook.SecretHeader, hook.Secret);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new AlertDeliveryException($"{hook.Target}: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertDeliveryException($"{hook.Target}: no answer in {hook.Timeout.TotalMilliseconds} ms");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new AlertDeliveryException($"{hook.Target}: HTTP {(int)response.StatusCode}");
            }
        }
    }

    public void Dispose() => _http.Dispose();
}

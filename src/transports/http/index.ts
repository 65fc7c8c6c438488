/** The one HTTP client for devices; see docs/transports.md ("HTTP"). */
export { HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse } from './client.js';
export { answerChallenge, basicAuthorization, parseChallenges, type AuthScheme, type HttpCredentials } from './auth.js';

/**
 * The phone sign-in on the OIDC login page, served as a file because the CSP forbids inline scripts.
 * It uses the public OTP API; once it sets the session cookie, reloading the interaction page
 * finds the session and continues the authorization.
 */
export const OTP_LOGIN_SCRIPT = `'use strict';
(function () {
  var request = document.getElementById('otp-request');
  var verify = document.getElementById('otp-verify');
  var status = document.getElementById('otp-status');
  if (!request || !verify || !status) return;
  var challengeId = null;
  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (!res.ok) throw new Error(json.detail || json.title || String(res.status));
        return json;
      });
    });
  }
  request.addEventListener('submit', function (e) {
    e.preventDefault();
    status.textContent = '';
    post('/api/v1/auth/otp', { phone: request.elements.phone.value }).then(function (out) {
      challengeId = out.challengeId;
      verify.hidden = false;
      verify.elements.code.focus();
    }, function (err) { status.textContent = err.message; });
  });
  verify.addEventListener('submit', function (e) {
    e.preventDefault();
    status.textContent = '';
    post('/api/v1/auth/otp/verify', { challengeId: challengeId, code: verify.elements.code.value }).then(function () {
      window.location.assign(request.getAttribute('data-next'));
    }, function (err) { status.textContent = err.message; });
  });
})();
`;

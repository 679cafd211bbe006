// docs/webhooks/examples/verify.js — verify a Fleetgate webhook (Node.js, no dependencies)
const crypto = require('crypto')

// rawBody: the request body exactly as received (string or Buffer), before any JSON parsing.
// header: the X-Levy-Signature header. secret: your whsec_… secret (the whole string).
function verifyLevySignature(rawBody, header, secret, toleranceSeconds = 300) {
  const parts = header.split(',').map(p => p.trim())
  const t = parts.find(p => p.startsWith('t='))
  if (!t) return false
  const timestamp = parseInt(t.substring(2), 10)
  if (!Number.isFinite(timestamp)) return false
  if (Math.abs(Math.floor(Date.now() / 1000) - timestamp) > toleranceSeconds) return false
  const expected = crypto
    .createHmac('sha256', secret)
    .update(`${timestamp}.${rawBody}`)
    .digest()
  // During a secret rotation the header carries one v1= entry per secret: accept any.
  return parts
    .filter(p => p.startsWith('v1='))
    .some(p => {
      const given = Buffer.from(p.substring(3), 'hex')
      return given.length === expected.length && crypto.timingSafeEqual(given, expected)
    })
}

module.exports = { verifyLevySignature }

// Check a captured delivery: node verify.js body.json '<X-Levy-Signature>' whsec_…
if (require.main === module) {
  const [file, header, secret] = process.argv.slice(2)
  const rawBody = require('fs').readFileSync(file, 'utf8')
  const ok = verifyLevySignature(rawBody, header, secret)
  console.log(ok ? 'valid' : 'INVALID')
  process.exit(ok ? 0 : 1)
}

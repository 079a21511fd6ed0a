/** A circuit breaker written as a class with an explicit transition table. */
export const FAILURE_THRESHOLD = 5;
export const OPEN_MS = 2_000;

class CircuitBreaker {
  state = 'closed';
  #inARow = 0;
  #openUntil = 0;
  #probeInFlight = false;

  #admit() {
    if (this.state === 'open' && Date.now() >= this.#openUntil) this.state = 'half-open';
    if (this.state === 'closed') return true;
    if (this.state === 'half-open' && !this.#probeInFlight) return (this.#probeInFlight = true);
    return false;
  }

  #record(ok) {
    this.#probeInFlight = false;
    if (ok) {
      this.#inARow = 0;
      this.state = 'closed';
      return;
    }
    this.#inARow++;
    if (this.state === 'half-open' || this.#inARow >= FAILURE_THRESHOLD) {
      this.state = 'open';
      this.#openUntil = Date.now() + OPEN_MS;
    }
  }

  async call(fn) {
    if (!this.#admit()) {
      const error = new Error('breaker open');
      error.code = 'BREAKER_OPEN';
      throw error;
    }
    try {
      const response = await fn();
      this.#record(response.status < 500);
      return response;
    } catch (error) {
      this.#record(false);
      throw error;
    }
  }
}

export function createBreaker() {
  return new CircuitBreaker();
}

package io.aether.runbook.probe.http;

/**
 * What the risk API's health URL answered through the ingress, and with which Host header it was asked: the
 * ingress routes by Host, so the same URL answers differently for another Host.
 *
 * @param via how the request went out: "jdk-httpclient", or "socket" when the JDK client refused the Host header
 */
public record IngressObservation(String host, HttpExchange exchange, String via) {
}

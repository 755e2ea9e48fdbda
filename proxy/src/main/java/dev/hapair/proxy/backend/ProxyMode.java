package dev.hapair.proxy.backend;

/** {@code mode tcp} or {@code mode http}. */
public enum ProxyMode { TCP, HTTP }

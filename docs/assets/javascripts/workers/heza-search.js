/*
 * HEZA portal: Material's search worker, with the results in the reader's language first.
 *
 * Both languages share one search index. Every page starts this worker (generator/mkdocs_hooks.py
 * rewrites Material's __config) as heza-search.js?lang=vi&others=en&worker=search.<hash>.min.js:
 * it loads Material's own worker from the same folder, lets it search as usual, and reorders each
 * result so that the pages of the reader's language (a Vietnamese page: everything outside /en/)
 * come before the pages of the other languages. Within each language the order stays Material's.
 * Other-language results keep their place relative to each other, with scores below every result in
 * the reader's language, so that Enter (which opens the best score) opens a page in that language too.
 */
(function () {
  "use strict"

  var params = new URL(self.location.href).searchParams
  var lang = params.get("lang") || ""
  var others = (params.get("others") || "").split(",").filter(Boolean)
  var worker = params.get("worker")
  var RESULT = 3 /* SearchMessageType.RESULT */

  function languageOf(location) {
    var first = String(location || "").split("/")[0]
    return others.indexOf(first) >= 0 ? first : "default"
  }

  var mine = others.indexOf(lang) >= 0 ? lang : "default"

  function reorder(items) {
    var own = [], rest = []
    for (var i = 0; i < items.length; i++) {
      var group = items[i]
      var first = group && group[0]
      ;(first && languageOf(first.location) === mine ? own : rest).push(group)
    }
    var lowest = Infinity
    own.forEach(function (group) {
      group.forEach(function (item) { lowest = Math.min(lowest, item.score) })
    })
    if (lowest !== Infinity && lowest > 0)
      rest.forEach(function (group) {
        group.forEach(function (item) { item.score = item.score * lowest / 1e6 })
      })
    return own.concat(rest)
  }

  var post = self.postMessage.bind(self)
  self.postMessage = function (message, transfer) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items))
      message.data.items = reorder(message.data.items)
    return transfer === undefined ? post(message) : post(message, transfer)
  }

  if (worker && /^search\.[0-9a-f]+\.min\.js$/.test(worker))
    importScripts(worker)
})()

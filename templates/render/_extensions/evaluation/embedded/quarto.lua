--[[
embedded/quarto.lua: what real Quarto does for our reports and plain pandoc does not. Only the
embedded renderer runs it (after ../evaluation.lua, before ../output.lua); Quarto
ignores this folder. Its output has the shape of Quarto's, so the same CSS and Typst
template style both.

  numbering    figures with #fig- ids and tables with #tbl- ids are numbered in document
               order; headings as pandoc --number-sections numbers them
  cross-refs   @fig-x / @tbl-x / @sec-x (pandoc reads them as citations) -> "Figure N",
               "Table N", "Section N" (the section title when sections are unnumbered);
               -@fig-x -> "N". HTML: links written here; Typst: #ref, numbered by Typst
               itself, as Quarto's Typst output is. Any other citation stays as written,
               so no bibliography is ever needed.
  captions     HTML: "Figure N: " / "Table N: " before the caption; a table becomes a
               <figure> with the caption as its <figcaption>, as Quarto writes it. Typst:
               figures and tables become #figure(kind: "quarto-float-fig"/"quarto-float-tbl")
               as Quarto writes them
  pagebreak    {{< pagebreak >}} alone in a paragraph
]]

local stringify = pandoc.utils.stringify

local is_typst = FORMAT:match("typst") ~= nil
local is_html = FORMAT:match("html") ~= nil

-- What each cross-referenceable id resolves to: { kind = "fig"|"tbl"|"sec", number = "2",
-- title = Inlines }.
local targets = {}
local number_sections = false

local PREFIX = { fig = "Figure", tbl = "Table", sec = "Section" }
local KIND = { fig = "quarto-float-fig", tbl = "quarto-float-tbl" }

local function warn(message)
  io.stderr:write("[quarto.lua] WARNING: " .. message .. "\n")
end

local function raw(text) return pandoc.RawInline("typst", text) end

------------------------------------------------------------------------------------------
-- Numbering (document order, so a top-down walk)
------------------------------------------------------------------------------------------

local function number_targets(doc)
  local meta_number = doc.meta["number-sections"]
  number_sections = meta_number == true or stringify(meta_number or "") == "true"

  local figure_count, table_count = 0, 0
  local levels = { 0, 0, 0, 0, 0, 0 }
  local function record(id, entry)
    if id == "" then return end
    if targets[id] then warn("duplicate id #" .. id) end
    targets[id] = entry
  end

  doc:walk({
    traverse = "topdown",
    Figure = function(fig)
      if fig.identifier:match("^fig%-") then
        figure_count = figure_count + 1
        record(fig.identifier, { kind = "fig", number = tostring(figure_count) })
      end
    end,
    Table = function(tbl)
      if tbl.identifier:match("^tbl%-") then
        table_count = table_count + 1
        record(tbl.identifier, { kind = "tbl", number = tostring(table_count) })
      end
    end,
    Header = function(header)
      local number = nil
      if number_sections and not header.classes:includes("unnumbered") then
        -- As pandoc --number-sections (and Typst's "1.1") count: bump this level, reset deeper.
        levels[header.level] = levels[header.level] + 1
        for deeper = header.level + 1, #levels do levels[deeper] = 0 end
        local parts = {}
        for level = 1, header.level do parts[#parts + 1] = tostring(levels[level]) end
        number = table.concat(parts, ".")
      end
      record(header.identifier, { kind = "sec", number = number, title = header.content })
    end,
  })
  return doc
end

------------------------------------------------------------------------------------------
-- Cross-references
------------------------------------------------------------------------------------------

local function reference(citation, target, id)
  if target.kind == "sec" and not target.number then
    return pandoc.Link(target.title, "#" .. id, "", pandoc.Attr("", { "quarto-xref" }))
  end
  local number_only = citation.mode == "SuppressAuthor"
  if is_typst then
    -- Typst numbers figures, tables and headings itself, as in Quarto's Typst output.
    if number_only then return raw(string.format("#ref(<%s>, supplement: none)", id)) end
    return raw(string.format("#ref(<%s>, supplement: [%s])", id, PREFIX[target.kind]))
  end
  local text = number_only and target.number or (PREFIX[target.kind] .. "\u{a0}" .. target.number)
  return pandoc.Link(pandoc.Inlines(text), "#" .. id, "", pandoc.Attr("", { "quarto-xref" }))
end

local function cross_reference(cite)
  local out = pandoc.Inlines({})
  for index, citation in ipairs(cite.citations) do
    local id = citation.id
    if not (id:match("^fig%-") or id:match("^tbl%-") or id:match("^sec%-")) then
      -- Not ours: keep what was written (e.g. "@someone"), never a bibliography lookup.
      return cite.content
    end
    if index > 1 then out:insert(pandoc.Str(", ")) end
    local target = targets[id]
    if target then
      out:insert(reference(citation, target, id))
    else
      -- Quarto shows an unresolved reference as a bold "?@id" and warns.
      warn("unresolved cross-reference @" .. id)
      out:insert(pandoc.Strong(pandoc.Inlines("?@" .. id)))
    end
  end
  return out
end

------------------------------------------------------------------------------------------
-- Captions and floats
------------------------------------------------------------------------------------------

local function prefix_caption(caption, label)
  local long = caption.long
  local text = pandoc.Inlines(label .. ":")
  text:insert(pandoc.Space())
  if #long > 0 and (long[1].t == "Plain" or long[1].t == "Para") then
    text:extend(long[1].content)
    long[1].content = text
  else
    long:insert(1, pandoc.Plain(text))
  end
  caption.long = long
  return caption
end

--- Typst: #figure([body], caption: figure.caption(position: ..., [caption]), kind: ...,
--- supplement: ...)<id>, as Quarto writes a float.
local function typst_float(kind, id, body, caption, position)
  local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#figure([") })
  blocks:extend(body)
  local tail = pandoc.Inlines({ raw("], caption: figure.caption(position: " .. position .. ", [") })
  tail:extend(pandoc.utils.blocks_to_inlines(caption.long))
  tail:insert(raw(string.format('], ), kind: "%s", supplement: "%s")<%s>', KIND[kind], PREFIX[kind], id)))
  blocks:insert(pandoc.Plain(tail))
  return blocks
end

local function figure(fig)
  local target = targets[fig.identifier]
  if not target then return nil end
  if is_typst then
    return typst_float("fig", fig.identifier, fig.content, fig.caption, "bottom")
  end
  fig.caption = prefix_caption(fig.caption, "Figure\u{a0}" .. target.number)
  if is_html then
    -- HTML: the alt text describes the image; the caption is not repeated as its alt.
    fig = fig:walk({ Image = function(img)
      if img.attributes["fig-alt"] then
        img.attributes.alt = img.attributes["fig-alt"]
        img.attributes["fig-alt"] = nil
      end
      return img
    end })
  end
  return fig
end

local function numbered_table(tbl)
  local target = targets[tbl.identifier]
  if not target then return nil end
  if is_typst then
    local caption = tbl.caption
    tbl.caption = pandoc.Caption()
    local id = tbl.identifier
    tbl.identifier = ""
    return typst_float("tbl", id, { tbl }, caption, "top")
  end
  local caption = prefix_caption(tbl.caption, "Table\u{a0}" .. target.number)
  if not is_html then
    tbl.caption = caption
    return tbl
  end
  local id = tbl.identifier
  tbl.caption, tbl.identifier = pandoc.Caption(), ""
  local html = function(text) return pandoc.RawBlock("html", text) end
  return pandoc.Div({
    html('<figure class="quarto-float quarto-float-tbl">'),
    html('<figcaption class="quarto-float-caption-top quarto-float-caption quarto-float-tbl" id="'
      .. id .. '-caption">'),
    pandoc.Plain(pandoc.utils.blocks_to_inlines(caption.long)),
    html("</figcaption>"),
    pandoc.Div({ tbl }, pandoc.Attr("", {}, { ["aria-describedby"] = id .. "-caption" })),
    html("</figure>"),
  }, pandoc.Attr(id, { "quarto-float", "quarto-figure", "quarto-figure-center" }))
end

--- A standalone image keeps its fig-alt as its alt text (HTML).
local function inline_image(img)
  if is_html and img.attributes["fig-alt"] then
    img.attributes.alt = img.attributes["fig-alt"]
    img.attributes["fig-alt"] = nil
    return img
  end
  return nil
end

--- {{< pagebreak >}} alone in a paragraph (pandoc reads the shortcode as plain words).
local function pagebreak(para)
  if stringify(para):match("^{{<%s*pagebreak%s*>}}$") == nil then return nil end
  if is_typst then return pandoc.RawBlock("typst", "#pagebreak()") end
  if is_html then
    -- As Quarto does: invisible on screen, a page break when printed.
    return pandoc.RawBlock("html", '<div style="page-break-after: always;"></div>')
  end
  return {}
end

return {
  { Pandoc = number_targets },
  { Cite = cross_reference },
  { Figure = figure, Table = numbered_table },
  { Image = inline_image, Para = pagebreak },
}
